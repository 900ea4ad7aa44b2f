-- Evaluations keep their lists as JSON arrays whatever a model returned; engines are short labels.
ALTER TABLE interview_evaluations
    ADD CONSTRAINT interview_evaluations_lists_are_arrays CHECK (
        jsonb_typeof(strengths) = 'array' AND jsonb_typeof(weaknesses) = 'array'
        AND jsonb_typeof(improvement_tips) = 'array' AND jsonb_typeof(follow_up_questions) = 'array'
    ),
    ADD CONSTRAINT interview_evaluations_engine_length CHECK (char_length(engine) BETWEEN 1 AND 200);

ALTER TABLE interview_sessions
    ADD CONSTRAINT interview_sessions_engine_length CHECK (char_length(engine) BETWEEN 1 AND 200);
