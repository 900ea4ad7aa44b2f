-- Companies, skills, jobs, CVs, applications and the vectors that match them.
CREATE TABLE companies (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    owner_id   uuid REFERENCES users (id) ON DELETE CASCADE,
    name       text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    website    text CHECK (char_length(website) <= 500),
    location   text CHECK (char_length(location) <= 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX companies_owner_idx ON companies (owner_id);

CREATE TABLE skills (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX skills_name_lower_key ON skills (lower(name));

CREATE TABLE jobs (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id       uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    title            text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description      text NOT NULL DEFAULT '' CHECK (char_length(description) <= 20000),
    requirements     text NOT NULL DEFAULT '' CHECK (char_length(requirements) <= 20000),
    location         text CHECK (char_length(location) <= 200),
    salary_range     text CHECK (char_length(salary_range) <= 100),
    posted_at        timestamptz NOT NULL DEFAULT now(),
    is_active        boolean NOT NULL DEFAULT true,
    embedding_status text NOT NULL DEFAULT 'pending' CHECK (embedding_status IN ('pending', 'ready', 'failed')),
    search_document  tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', title || ' ' || description || ' ' || requirements)) STORED,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_company_idx ON jobs (company_id);
CREATE INDEX jobs_active_posted_idx ON jobs (is_active, posted_at DESC);
CREATE INDEX jobs_search_idx ON jobs USING gin (search_document);
CREATE INDEX jobs_pending_idx ON jobs (updated_at) WHERE embedding_status <> 'ready';

CREATE TABLE job_skills (
    job_id   uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    skill_id uuid NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
    PRIMARY KEY (job_id, skill_id)
);
CREATE INDEX job_skills_skill_idx ON job_skills (skill_id);

CREATE TABLE cvs (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    filename         text NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 255),
    parsed_text      text NOT NULL DEFAULT '',
    s3_key           text,
    -- Bumped on every new upload; the ingest worker embeds only the current version.
    version          integer NOT NULL DEFAULT 1,
    embedding_status text NOT NULL DEFAULT 'pending' CHECK (embedding_status IN ('pending', 'ready', 'failed')),
    embedded_version integer,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cvs_user_idx ON cvs (user_id, updated_at DESC);

CREATE TABLE applications (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    cv_id       uuid NOT NULL REFERENCES cvs (id) ON DELETE CASCADE,
    job_id      uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    company_id  uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    match_score numeric(5, 4) NOT NULL CHECK (match_score BETWEEN 0 AND 1),
    status      text NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'reviewing', 'rejected', 'accepted')),
    matched_at  timestamptz NOT NULL DEFAULT now(),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (cv_id, job_id)
);
CREATE INDEX applications_job_idx ON applications (job_id);
CREATE INDEX applications_company_idx ON applications (company_id);

CREATE TABLE cv_embeddings (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    cv_id       uuid NOT NULL REFERENCES cvs (id) ON DELETE CASCADE,
    cv_version  integer NOT NULL,
    chunk_index integer NOT NULL CHECK (chunk_index >= 0),
    chunk_text  text NOT NULL,
    embedding   vector(512) NOT NULL,
    model       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (cv_id, chunk_index)
);
CREATE INDEX cv_embeddings_hnsw_idx ON cv_embeddings USING hnsw (embedding vector_cosine_ops);

CREATE TABLE job_embeddings (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id      uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    chunk_index integer NOT NULL CHECK (chunk_index >= 0),
    chunk_text  text NOT NULL,
    embedding   vector(512) NOT NULL,
    model       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (job_id, chunk_index)
);
CREATE INDEX job_embeddings_hnsw_idx ON job_embeddings USING hnsw (embedding vector_cosine_ops);

CREATE TABLE recommendations (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    cv_id          uuid REFERENCES cvs (id) ON DELETE CASCADE,
    section        text NOT NULL,
    priority       text NOT NULL DEFAULT 'medium' CHECK (priority IN ('high', 'medium', 'low')),
    recommendation text NOT NULL,
    suggested_text text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recommendations_user_idx ON recommendations (user_id, created_at DESC);

-- The latest match of a CV against a job, kept for the dashboard and the coaching routes.
CREATE TABLE match_results (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    cv_id       uuid NOT NULL REFERENCES cvs (id) ON DELETE CASCADE,
    job_id      uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    cv_version  integer NOT NULL,
    score       real NOT NULL CHECK (score BETWEEN 0 AND 1),
    explanation jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (cv_id, job_id)
);
CREATE INDEX match_results_user_idx ON match_results (user_id, score DESC);

-- The coaching score of one CV version, computed once and reused by the dashboard.
CREATE TABLE cv_scores (
    cv_id       uuid PRIMARY KEY REFERENCES cvs (id) ON DELETE CASCADE,
    cv_version  integer NOT NULL,
    overall     integer NOT NULL CHECK (overall BETWEEN 0 AND 100),
    details     jsonb NOT NULL DEFAULT '{}',
    engine      text NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now()
);

-- A company user opening a jobseeker's CV.
CREATE TABLE profile_views (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    cv_id     uuid REFERENCES cvs (id) ON DELETE SET NULL,
    viewer_id uuid REFERENCES users (id) ON DELETE SET NULL,
    viewed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX profile_views_user_idx ON profile_views (user_id);
