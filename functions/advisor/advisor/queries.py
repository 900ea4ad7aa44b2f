"""SQL of the advisor routes (the CV, its analysis and the cached score: `jobmatch.cv_analysis`)."""

from jobmatch.search import JOB_TERMS

# Per role (in order): active jobs whose title matches the role's pattern, those posted recently,
# and the most common salary range among them. The GIN index on the job's words (jobs_terms_idx)
# narrows the scan to jobs holding the role's words; the title pattern then keeps those whose title
# names the role.
ROLE_DEMAND = f"""
SELECT r.position::int AS position, d.active, d.recent, d.salary
FROM unnest(%(keys)s::text[], %(patterns)s::text[]) WITH ORDINALITY AS r(key, pattern, position)
CROSS JOIN LATERAL (
    SELECT count(*)::int AS active,
           count(*) FILTER (WHERE j.posted_at >= now() - make_interval(days => %(recent_days)s))::int AS recent,
           mode() WITHIN GROUP (ORDER BY j.salary_range) FILTER (WHERE j.salary_range IS NOT NULL) AS salary
    FROM jobs j
    WHERE j.is_active
      AND {JOB_TERMS} @@ plainto_tsquery('simple'::regconfig, translate(r.key, './@:', '    '))
      AND j.title ~* r.pattern
) d
ORDER BY r.position
"""  # noqa: S608 - only a module constant is interpolated

# Everything the dashboard shows, in one round trip: the latest CV and its cached score, its stored
# matches of the current version that reach the threshold (active jobs only) with the best three,
# and the profile views.
DASHBOARD = """
WITH latest AS (
    SELECT id, version FROM cvs WHERE user_id = %(user_id)s ORDER BY updated_at DESC, id LIMIT 1
),
matched AS (
    SELECT m.job_id, m.score FROM latest l
    JOIN match_results m ON m.cv_id = l.id AND m.cv_version = l.version AND m.score >= %(threshold)s
    JOIN jobs j ON j.id = m.job_id AND j.is_active
)
SELECT l.id::text AS cv_id, l.version, s.overall, s.cv_version AS score_version,
       (SELECT count(*) FROM matched)::int AS matches,
       (SELECT coalesce(jsonb_agg(t ORDER BY t.score DESC, t.id), '[]'::jsonb) FROM (
            SELECT j.id::text AS id, j.title, c.name AS company, m.score
            FROM matched m JOIN jobs j ON j.id = m.job_id JOIN companies c ON c.id = j.company_id
            ORDER BY m.score DESC, j.id LIMIT 3) t) AS top,
       (SELECT count(*) FROM profile_views v WHERE v.user_id = %(user_id)s)::int AS views
FROM (SELECT 1) AS one
LEFT JOIN latest l ON true
LEFT JOIN cv_scores s ON s.cv_id = l.id
"""
