"""SQL of the RAG routes (retrieval itself is in `jobmatch.search`, CV versions in `jobmatch.cv_index`)."""

# A CV of its owner for matching: whether it has embeddings of the current version and model, and their texts.
_CV_FOR_MATCH = """
SELECT v.id::text, v.version, v.parsed_text, v.embedding_status,
       ARRAY(SELECT e.chunk_text FROM cv_embeddings e
             WHERE e.cv_id = v.id AND e.cv_version = v.version AND e.model = %(model)s
             ORDER BY e.chunk_index LIMIT 64) AS passages
FROM cvs v
"""

CV_FOR_MATCH = _CV_FOR_MATCH + "WHERE v.id = %(cv_id)s AND v.user_id = %(user_id)s"

LATEST_CV_FOR_MATCH = _CV_FOR_MATCH + "WHERE v.user_id = %(user_id)s ORDER BY v.updated_at DESC, v.id LIMIT 1"

# The CV's stored matches become exactly this set (upserted by job, the others removed), in one statement.
REPLACE_MATCHES = """
WITH dropped AS (
    DELETE FROM match_results WHERE cv_id = %(cv_id)s AND job_id <> ALL(%(job_ids)s::uuid[])
)
INSERT INTO match_results (user_id, cv_id, job_id, cv_version, score, explanation)
SELECT %(user_id)s, %(cv_id)s, m.job_id, %(cv_version)s, m.score, m.explanation
FROM unnest(%(job_ids)s::uuid[], %(scores)s::real[], %(explanations)s::jsonb[]) AS m(job_id, score, explanation)
ON CONFLICT (cv_id, job_id) DO UPDATE SET
    user_id = EXCLUDED.user_id, cv_version = EXCLUDED.cv_version, score = EXCLUDED.score,
    explanation = EXCLUDED.explanation, created_at = now()
"""

INSERT_UPLOAD = """
INSERT INTO cv_uploads (id, user_id, s3_key, filename, expires_at)
VALUES (%(id)s, %(user_id)s, %(s3_key)s, %(filename)s, now() + make_interval(secs => %(expires_s)s))
RETURNING expires_at
"""

UPLOAD_OF_USER = """
SELECT id::text, filename, status, detail, cv_id::text, expires_at FROM cv_uploads
WHERE id = %(id)s AND user_id = %(user_id)s
"""
