-- Newest-first lists of the catalog read their page from an index instead of sorting the whole table.
CREATE INDEX jobs_posted_idx ON jobs (posted_at DESC, id);
CREATE INDEX companies_created_idx ON companies (created_at DESC, id);
