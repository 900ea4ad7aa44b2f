-- Words of a job's text, for the `must_contain` filter of search and CV match: the GIN index finds the few
-- jobs that may hold a rare term, which are then ranked exactly. Dots, slashes, '@' and ':' are read as spaces
-- so that "Python/Django", "node.js" and "jobs.python.org" also yield "django", "js" and "python":
-- every job that a term matches on word boundaries holds all of the term's words here.
-- The expression must stay identical to `search.JOB_TERMS`.
CREATE INDEX jobs_terms_idx ON jobs USING gin (
    to_tsvector('simple'::regconfig, translate(title || ' ' || description || ' ' || requirements, './@:', '    '))
);
