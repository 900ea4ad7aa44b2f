"""SQL of the interview routes. Every read of a session, question or answer is scoped to its owner."""

CV_OF_USER = "SELECT id, parsed_text FROM cvs WHERE id = %(id)s AND user_id = %(user_id)s"

LATEST_CV = """
SELECT id, parsed_text FROM cvs WHERE user_id = %(user_id)s
ORDER BY updated_at DESC, created_at DESC LIMIT 1
"""

INSERT_SESSION = """
INSERT INTO interview_sessions (user_id, cv_id, job_description, difficulty, question_count, engine)
VALUES (%(user_id)s, %(cv_id)s, %(job_description)s, %(difficulty)s, %(question_count)s, %(engine)s)
RETURNING id
"""

INSERT_QUESTIONS = """
INSERT INTO interview_questions (session_id, position, question, category, difficulty, tips, expected_answer_focus)
SELECT %(session_id)s, q.position, q.question, q.category, %(difficulty)s, q.tips, q.focus
FROM unnest(%(positions)s::int[], %(questions)s::text[], %(categories)s::text[], %(tips)s::text[],
            %(focuses)s::text[]) AS q (position, question, category, tips, focus)
RETURNING id, position
"""

SESSION_OF_USER = """
SELECT id, user_id, cv_id, job_description, difficulty, question_count, engine, created_at
FROM interview_sessions WHERE id = %(id)s AND user_id = %(user_id)s
"""

SESSION_QUESTIONS = """
SELECT id, position, question, category, difficulty, tips, expected_answer_focus
FROM interview_questions WHERE session_id = %(session_id)s ORDER BY position
"""

QUESTION_OF_USER = """
SELECT q.id, q.question, q.category, q.difficulty, q.expected_answer_focus, s.job_description, s.cv_id
FROM interview_questions q JOIN interview_sessions s ON s.id = q.session_id
WHERE q.id = %(id)s AND s.user_id = %(user_id)s
"""

ANSWER_OF_USER = """
SELECT a.id, a.user_answer, q.id AS question_id, q.question, q.category, q.difficulty, q.expected_answer_focus,
       s.job_description, s.cv_id
FROM interview_answers a
JOIN interview_questions q ON q.id = a.question_id
JOIN interview_sessions s ON s.id = q.session_id
WHERE a.id = %(id)s AND s.user_id = %(user_id)s
"""

# One current answer per question: a new submission replaces the text and drops the evaluation of the old one.
UPSERT_ANSWER = """
INSERT INTO interview_answers (question_id, user_answer) VALUES (%(question_id)s, %(user_answer)s)
ON CONFLICT (question_id) DO UPDATE SET user_answer = EXCLUDED.user_answer, submitted_at = now()
RETURNING id, question_id, user_answer, submitted_at
"""

DELETE_EVALUATION = "DELETE FROM interview_evaluations WHERE answer_id = %(answer_id)s"

UPSERT_EVALUATION = """
INSERT INTO interview_evaluations (answer_id, overall_score, strengths, weaknesses, correct_answer, answer_analysis,
                                   improvement_tips, follow_up_questions, engine)
VALUES (%(answer_id)s, %(overall_score)s, %(strengths)s, %(weaknesses)s, %(correct_answer)s, %(answer_analysis)s,
        %(improvement_tips)s, %(follow_up_questions)s, %(engine)s)
ON CONFLICT (answer_id) DO UPDATE SET
    overall_score = EXCLUDED.overall_score, strengths = EXCLUDED.strengths, weaknesses = EXCLUDED.weaknesses,
    correct_answer = EXCLUDED.correct_answer, answer_analysis = EXCLUDED.answer_analysis,
    improvement_tips = EXCLUDED.improvement_tips, follow_up_questions = EXCLUDED.follow_up_questions,
    engine = EXCLUDED.engine, evaluated_at = now()
RETURNING id, evaluated_at
"""

# Answers and evaluations are unique per question and per answer, so these joins never multiply rows:
# count(a.id) counts answered questions, avg(e.overall_score) averages current evaluations.
SESSION_PROGRESS = """
SELECT count(q.id) AS question_count, count(a.id) AS answered_questions,
       round(avg(e.overall_score)::numeric, 1) AS average_score
FROM interview_questions q
LEFT JOIN interview_answers a ON a.question_id = q.id
LEFT JOIN interview_evaluations e ON e.answer_id = a.id
WHERE q.session_id = %(session_id)s
"""

SESSION_SUMMARIES = """
SELECT s.id, s.user_id AS user, s.job_description, s.difficulty, s.created_at, s.engine,
       count(q.id) AS question_count, count(a.id) AS answered_questions,
       round(avg(e.overall_score)::numeric, 1) AS average_score
FROM interview_sessions s
LEFT JOIN interview_questions q ON q.session_id = s.id
LEFT JOIN interview_answers a ON a.question_id = q.id
LEFT JOIN interview_evaluations e ON e.answer_id = a.id
WHERE s.user_id = %(user_id)s
GROUP BY s.id
ORDER BY s.created_at DESC, s.id
LIMIT %(limit)s
"""

COUNT_SESSIONS = "SELECT count(*) AS total FROM interview_sessions WHERE user_id = %(user_id)s"

SESSION_DETAIL = """
SELECT q.id, q.session_id, q.question, q.category, q.difficulty, q.tips, q.expected_answer_focus, q.created_at,
       a.id AS answer_id, a.user_answer, a.submitted_at,
       e.id AS evaluation_id, e.overall_score, e.strengths, e.weaknesses, e.correct_answer, e.answer_analysis,
       e.improvement_tips, e.follow_up_questions, e.engine AS evaluation_engine, e.evaluated_at
FROM interview_questions q
LEFT JOIN interview_answers a ON a.question_id = q.id
LEFT JOIN interview_evaluations e ON e.answer_id = a.id
WHERE q.session_id = %(session_id)s
ORDER BY q.position
"""

OVERALL_STATS = """
SELECT count(DISTINCT s.id) AS total_sessions, count(q.id) AS total_questions, count(a.id) AS total_answers
FROM interview_sessions s
LEFT JOIN interview_questions q ON q.session_id = s.id
LEFT JOIN interview_answers a ON a.question_id = q.id
WHERE s.user_id = %(user_id)s
"""

# `dimension` is a column name chosen in code (category or difficulty), never user input.
PERFORMANCE_BY = """
SELECT q.{dimension} AS key, round(avg(e.overall_score)::numeric, 1) AS average_score
FROM interview_sessions s
JOIN interview_questions q ON q.session_id = s.id
JOIN interview_answers a ON a.question_id = q.id
JOIN interview_evaluations e ON e.answer_id = a.id
WHERE s.user_id = %(user_id)s
GROUP BY q.{dimension}
"""
PERFORMANCE_BY_CATEGORY = PERFORMANCE_BY.format(dimension="category")
PERFORMANCE_BY_DIFFICULTY = PERFORMANCE_BY.format(dimension="difficulty")

# The latest sessions with at least one evaluation, oldest first.
PERFORMANCE_TREND = """
SELECT * FROM (
    SELECT s.id AS session_id, s.created_at AS date, round(avg(e.overall_score)::numeric, 1) AS average_score,
           (SELECT count(*) FROM interview_questions x WHERE x.session_id = s.id) AS question_count
    FROM interview_sessions s
    JOIN interview_questions q ON q.session_id = s.id
    JOIN interview_answers a ON a.question_id = q.id
    JOIN interview_evaluations e ON e.answer_id = a.id
    WHERE s.user_id = %(user_id)s
    GROUP BY s.id
    ORDER BY s.created_at DESC, s.id
    LIMIT %(limit)s
) recent
ORDER BY date, session_id
"""
