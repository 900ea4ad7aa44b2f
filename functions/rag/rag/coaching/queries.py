"""SQL of the CV recommendations: the caller's recommendation rows (scores and matches: `jobmatch.cv_analysis`)."""

# The previous suggestions for the same CV (or, for CVs sent as text, the previous text ones) are
# replaced.
DELETE_PREVIOUS = """
DELETE FROM recommendations WHERE user_id = %(user_id)s AND cv_id IS NOT DISTINCT FROM %(cv_id)s::uuid
"""

INSERT = """
INSERT INTO recommendations (user_id, cv_id, section, priority, recommendation, suggested_text)
SELECT %(user_id)s, %(cv_id)s::uuid, r.section, r.priority, r.recommendation, r.suggested_text
FROM unnest(%(sections)s::text[], %(priorities)s::text[], %(texts)s::text[], %(suggested)s::text[])
     WITH ORDINALITY AS r(section, priority, recommendation, suggested_text, position)
ORDER BY r.position
"""
