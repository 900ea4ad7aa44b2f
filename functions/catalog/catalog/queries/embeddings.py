"""SQL of the read-only embedding views; CV rows follow the CV scope rule of `queries.cvs`."""

# ruff: noqa: S608 - statements are assembled from this module's constants only, never from input

from catalog.queries.cvs import VISIBLE as CV_VISIBLE

CV_COLUMNS = "e.id, e.cv_id AS cv, e.chunk_index, e.embedding, e.model, e.created_at"
CV_FROM = f"FROM cv_embeddings e JOIN cvs v ON v.id = e.cv_id WHERE {CV_VISIBLE}"
CV_FILTER = f"{CV_FROM} AND (%(cv)s::uuid IS NULL OR e.cv_id = %(cv)s)"

CV_LIST = f"""
SELECT {CV_COLUMNS} {CV_FILTER}
ORDER BY e.created_at DESC, e.cv_id, e.chunk_index LIMIT %(limit)s OFFSET %(offset)s
"""
CV_COUNT = f"SELECT count(*) AS n {CV_FILTER}"
CV_GET = f"SELECT {CV_COLUMNS} {CV_FROM} AND e.id = %(id)s"

JOB_COLUMNS = "e.id, e.job_id AS job, e.chunk_index, e.embedding, e.model, e.created_at"
JOB_FILTER = "FROM job_embeddings e WHERE (%(job)s::uuid IS NULL OR e.job_id = %(job)s)"

JOB_LIST = f"""
SELECT {JOB_COLUMNS} {JOB_FILTER}
ORDER BY e.created_at DESC, e.job_id, e.chunk_index LIMIT %(limit)s OFFSET %(offset)s
"""
JOB_COUNT = f"SELECT count(*) AS n {JOB_FILTER}"
JOB_GET = f"SELECT {JOB_COLUMNS} FROM job_embeddings e WHERE e.id = %(id)s"
