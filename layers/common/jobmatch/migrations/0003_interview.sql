-- Interview practice: sessions, their questions, the current answer to each and its evaluation.
CREATE TABLE interview_sessions (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    cv_id           uuid REFERENCES cvs (id) ON DELETE SET NULL,
    job_description text NOT NULL,
    difficulty      text NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    question_count  integer NOT NULL CHECK (question_count BETWEEN 1 AND 20),
    engine          text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interview_sessions_user_idx ON interview_sessions (user_id, created_at DESC);

CREATE TABLE interview_questions (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id            uuid NOT NULL REFERENCES interview_sessions (id) ON DELETE CASCADE,
    position              integer NOT NULL CHECK (position >= 0),
    question              text NOT NULL,
    category              text NOT NULL CHECK (category IN ('technical', 'behavioral', 'situational', 'role-specific')),
    difficulty            text NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    tips                  text NOT NULL DEFAULT '',
    expected_answer_focus text NOT NULL DEFAULT '',
    created_at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE (session_id, position)
);

-- One current answer per question: a new submission replaces the previous one.
CREATE TABLE interview_answers (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    question_id  uuid NOT NULL UNIQUE REFERENCES interview_questions (id) ON DELETE CASCADE,
    user_answer  text NOT NULL,
    submitted_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE interview_evaluations (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    answer_id           uuid NOT NULL UNIQUE REFERENCES interview_answers (id) ON DELETE CASCADE,
    overall_score       integer NOT NULL CHECK (overall_score BETWEEN 0 AND 100),
    strengths           jsonb NOT NULL DEFAULT '[]',
    weaknesses          jsonb NOT NULL DEFAULT '[]',
    correct_answer      text NOT NULL DEFAULT '',
    answer_analysis     text NOT NULL DEFAULT '',
    improvement_tips    jsonb NOT NULL DEFAULT '[]',
    follow_up_questions jsonb NOT NULL DEFAULT '[]',
    engine              text NOT NULL,
    evaluated_at        timestamptz NOT NULL DEFAULT now()
);
