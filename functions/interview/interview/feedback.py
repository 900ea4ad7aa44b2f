"""Feedback written from an assessment: every sentence points at something the answer says or leaves out."""

from __future__ import annotations

from interview.models import EvaluationDraft, PracticeDraft
from interview.rubric import LENGTH_BANDS, WEIGHTS, Assessment
from jobmatch.ai import signals

MAX_ITEMS = 5
WORDS_PER_MINUTE = 130
STAR_GAPS = {
    "situation": "No context: set the scene (team, product, what was at stake) before describing what you did.",
    "task": "Your responsibility is unclear: say what you were asked, or decided, to achieve.",
    "action": "Little about your own actions: say what you did, step by step, and why.",
    "result": "No result: the answer never says how it ended or what changed because of your actions.",
}


def evaluation(a: Assessment) -> EvaluationDraft:
    """The contract's evaluation of one answer."""
    return EvaluationDraft(
        overall_score=a.score,
        strengths=strengths(a),
        weaknesses=weaknesses(a),
        correct_answer=ideal_answer(a),
        answer_analysis=analysis(a),
        improvement_tips=tips(a),
        follow_up_questions=follow_ups(a),
    )


def practice(a: Assessment) -> PracticeDraft:
    """The contract's practice feedback on one answer."""
    questions = follow_ups(a)
    return PracticeDraft(
        overall_score=a.score,
        strengths=strengths(a),
        areas_for_improvement=weaknesses(a),
        follow_up_question=questions[0] if questions else "",
        detailed_feedback=detailed(a),
    )


def _listing(items: list[str], limit: int = 4) -> str:
    items = items[:limit]
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else (items[0] if items else "")


def _quoted(items: list[str], limit: int = 3) -> str:
    return _listing([f"“{item}”" for item in items], limit)


# --- strengths -------------------------------------------------------------------------------------------------


def strengths(a: Assessment) -> list[str]:
    ev, found = a.evidence, []
    if a.cap is None and a.points["relevance"] >= 22:
        found.append("Answers the question that was asked, without drifting.")
    found += _structure_strengths(a)
    if ev.figures:
        found.append(f"Backs the answer with figures: {_quoted(ev.figures)}.")
    if len(ev.skills) >= 2:
        found.append(f"Names concrete technologies and methods ({_names(a, ev.skills)}) instead of generalities.")
    if ev.job_skills_named and a.context.job_description.strip():
        found.append(f"Connects to the job: {_names(a, ev.job_skills_named)} {_is_are(ev.job_skills_named)} in the "
                     "job description.")  # fmt: skip
    if ev.ownership.personal and ev.ownership.i_mentions >= 2 and a.category != "technical":
        found.append("Makes your own contribution clear by speaking in the first person.")
    if a.covered and len(a.covered) * 2 >= len(a.covered) + len(a.missing):
        found.append(f"Covers what the interviewer listens for: {_listing(a.covered)}.")
    if a.cap is None and a.points["length"] == WEIGHTS["length"]:
        found.append(f"A good length for a spoken answer (about {ev.words} words, {_minutes(ev.words)}).")
    return found[:MAX_ITEMS] if a.cap != "too short" else []


def _structure_strengths(a: Assessment) -> list[str]:
    ev = a.evidence
    if a.category == "behavioral":
        present = [part for part, ok in ev.star.items() if ok]
        if len(present) == 4:
            return ["Complete STAR structure: the situation, your task, your actions and the result are all there."]
        return [f"Clear on the {_listing(present)}."] if len(present) == 3 else []
    if a.category == "technical":
        notes = []
        if signals.REASONING.search(a.answer):
            notes.append("Explains why, not only what.")
        if signals.TRADE_OFF.search(a.answer):
            notes.append("Weighs trade-offs instead of presenting one option as always right.")
        if signals.VERIFICATION.search(a.answer):
            notes.append("Says how the result is checked (tests, metrics or monitoring).")
        return notes
    if a.points["structure"] >= 15:
        return ["A clear plan: you assess the situation, set out steps in order and say how you would judge success."]
    return []


# --- weaknesses ------------------------------------------------------------------------------------------------


def weaknesses(a: Assessment) -> list[str]:
    ev = a.evidence
    if a.cap == "too short":
        return [f"Far too short to assess ({_words(ev.words)}): an interviewer needs the context, what you did "
                "and the outcome."]  # fmt: skip
    found = []
    if a.cap == "off topic":
        found.append("Does not address the question: it shares almost none of the question's key terms.")
    if ev.question_skills_missing:
        found.append(f"Never mentions {_names(a, ev.question_skills_missing)}, which the question is about.")
    found += _structure_gaps(a)
    if not ev.figures and _figures_expected(a):
        found.append("No figures: nothing shows the size of the problem or of the improvement.")
    if ev.ownership.we_mentions > 2 and not ev.ownership.personal:
        found.append(f"Says “we” {ev.ownership.we_mentions} times and “I” {ev.ownership.i_mentions} times: "
                     "your own part is hard to see.")  # fmt: skip
    if a.missing:
        found.append(f"Does not cover {_listing(a.missing)}, which the interviewer is listening for.")
    found += _length_gap(a)
    return found[:MAX_ITEMS]


def _structure_gaps(a: Assessment) -> list[str]:
    ev = a.evidence
    if a.category == "behavioral":
        return [STAR_GAPS[part] for part, ok in ev.star.items() if not ok][:2]
    if a.category == "technical":
        gaps = []
        if not signals.TRADE_OFF.search(a.answer) and (a.difficulty == "hard" or "trade" in a.focus.lower()):
            gaps.append("No trade-offs or limitations: at this level the interviewer expects the downsides and "
                        "the alternatives.")  # fmt: skip
        if not (signals.EXAMPLE.search(a.answer) or ev.star["action"]):
            gaps.append("No concrete example from your own work.")
        if len(ev.skills) == 0:
            gaps.append("Names no specific technology, tool or technique.")
        return gaps
    if a.points["structure"] < 10:
        return ["No clear sequence: say what you would do first, what next, and how you would know it worked."]
    return []


def _length_gap(a: Assessment) -> list[str]:
    _low, ideal_from, ideal_to, _high = LENGTH_BANDS[a.category]
    words = a.evidence.words
    if words < ideal_from:
        return [f"Short ({_words(words)}): a {a.category} answer usually needs {ideal_from}–{ideal_to} words."]
    if words > ideal_to:
        return [f"Long ({_words(words)}): past {ideal_to} words most listeners lose the thread."]
    return []


# --- tips and follow-up questions -------------------------------------------------------------------------------


def tips(a: Assessment) -> list[str]:
    ev, found = a.evidence, []
    if a.cap:
        found.append("Restate the question in your first sentence, then answer it directly before adding detail.")
    if a.cap == "too short":
        return [*found, "Build the answer up: the context in a sentence, what you did, and how it ended."]
    if a.category == "behavioral" and not all(ev.star.values()):
        found.append("Use STAR: a sentence or two of situation and task, most of the answer on your actions, and "
                     "finish with the result.")  # fmt: skip
    if not ev.star["result"] and a.category != "technical":
        found.append("End with the outcome: what changed, for whom, and by how much.")
    if not ev.figures and _figures_expected(a):
        found.append("Add one or two figures you can back up, such as before-and-after time, errors, cost or users.")
    if a.category == "technical" and not signals.TRADE_OFF.search(a.answer):
        found.append("Add the trade-off: what your approach costs, and when you would choose differently.")
    if a.category == "technical" and not signals.VERIFICATION.search(a.answer):
        found.append("Say how you verified that it worked: tests, metrics, monitoring or user feedback.")
    if ev.ownership.we_mentions > 2 and not ev.ownership.personal:
        found.append("Replace “we” with “I” wherever the work was yours, and name the decisions you made.")
    found += [f"Address {aspect} explicitly; it is part of what this question probes." for aspect in a.missing[:2]]
    found += _job_link(a) + _length_tip(a)
    return _unique(found)[:MAX_ITEMS] or [
        "Practise saying it aloud in under two minutes without losing the structure.",
        "Prepare for a deeper follow-up on the part you are least sure about.",
    ]


def _job_link(a: Assessment) -> list[str]:
    unmentioned = [s for s in a.context.matched if s not in a.evidence.skills]
    if a.category not in ("behavioral", "role-specific") or not unmentioned or not a.context.job_description.strip():
        return []
    return [f"Link the answer to the role: the job asks for {_listing(unmentioned, 3)}, which your CV shows; "
            "mention where you used them."]  # fmt: skip


def _length_tip(a: Assessment) -> list[str]:
    _low, ideal_from, ideal_to, _high = LENGTH_BANDS[a.category]
    if a.evidence.words > ideal_to:
        return ["Prepare a version of about a minute and a half: the situation in one sentence, the key actions, "
                "one result."]  # fmt: skip
    if a.evidence.words < ideal_from:
        return ["Expand the answer with the context and the outcome; aim for one to two minutes when spoken."]
    return []


def follow_ups(a: Assessment) -> list[str]:
    ev, found = a.evidence, []
    if ev.figures:
        found.append(f"How did you measure “{ev.figures[0]}”, and what was the baseline?")
    tools = [name for name in ev.skills if a.context.kind(name) == "tech"]
    if tools:
        found.append(f"Why did you choose {tools[0]} here, and what alternative did you consider?")
    if ev.ownership.we_mentions > 2 and not ev.ownership.personal:
        found.append("Which part of this did you do yourself, and which did the team do?")
    if a.category == "behavioral":
        found.append("How did it end, and how did you know it had worked?" if not ev.star["result"]
                     else "What would you do differently if you faced the same situation again?")  # fmt: skip
    if a.category == "technical" and a.difficulty != "easy":
        found.append("What would break first at ten times the load, and how would you find out?")
    if a.context.gaps and a.category == "technical":
        found.append(f"How would you handle this with {a.context.gaps[0]}, which the role uses?")
    found += [f"Can you say more about {aspect}?" for aspect in a.missing[:1]]
    found.append("What was the hardest part of this, and how did you deal with it?")
    return _unique(found)[:4]


# --- prose -------------------------------------------------------------------------------------------------------


def ideal_answer(a: Assessment) -> str:
    """An outline of a strong answer built only from the question, the CV, the job and the answer itself."""
    example = _example(a)
    skills = _listing(_unique([s for s in a.evidence.skills if s in a.context.matched or s in _job_names(a)]
                              + a.context.matched), 3)  # fmt: skip
    if a.category == "behavioral":
        text = (
            "A strong answer takes one to two minutes and follows STAR. Situation: "
            + (f"use a real case such as “{example}”" if example else "pick one real, recent case")
            + " and give the context in a sentence or two. Task: say what you were responsible for. Action: spend "
            "most of the answer on the steps you took yourself"
            + (f", naming the tools or methods you used ({skills})" if skills else "")
            + " and why you chose them. Result: finish with the outcome in figures you can support"
            + (f" (you mentioned {_quoted(a.evidence.figures, 2)})" if a.evidence.figures else "")
            + ", and one thing you learned."
        )
    elif a.category == "situational":
        text = (
            "A strong answer: 1) clarifies the situation and what is at stake before acting; 2) sets out the first "
            "steps in order; 3) says who you would involve and how you would keep stakeholders informed; 4) states "
            "how you would judge success and what you would do if it went wrong."
        )
    elif a.category == "technical":
        topic = _names(a, _question_skills(a)) or "the concept the question asks about"
        text = (
            f"A strong answer: 1) explains {topic} correctly in a sentence or two; 2) gives a concrete example from "
            "your own work" + (f", such as “{example}”" if example else "") + "; 3) discusses the trade-offs and "
            "alternatives"
            + (", including failure modes and behaviour at scale" if a.difficulty == "hard" else "")
            + "; 4) says how you verify it (tests, metrics, monitoring)."
        )
    else:
        duty = a.context.duties[0] if a.context.duties else None
        text = (
            "A strong answer ties your experience to this role: 1) one concrete example of relevant work"
            + (f", such as “{example}”" if example else "")
            + "; 2) how you would approach the work here"
            + (f", for example the duty to {duty}" if duty else "")
            + "; 3) how you would measure success."
        )
    return f"{text} It should cover: {a.focus}."


def _job_names(a: Assessment) -> set[str]:
    return {s.name for s in a.context.job_skills}


def _question_skills(a: Assessment) -> list[str]:
    return [s.name for s in a.context.matcher.find(a.question) if s.kind != "soft"]


def _example(a: Assessment) -> str | None:
    """The CV highlight about a skill the question names, else the closest one when it is reasonably close."""
    for skill in _question_skills(a):
        if highlight := a.context.highlight_about(skill):
            return highlight
    index, score = signals.best_match(a.question + " " + a.focus, a.context.highlights)
    return a.context.highlights[index] if index >= 0 and score >= 0.12 else None


def analysis(a: Assessment) -> str:
    ev, p = a.evidence, a.points
    parts = [
        f"Score {a.score}/100: relevance {p['relevance']}/30, structure {p['structure']}/20, specificity "
        f"{p['specificity']}/20, coverage of the expected focus {p['coverage']}/20, length {p['length']}/10."
    ]
    if a.cap == "too short":
        parts.append(f"The answer is too short to earn more than {a.score} points.")
    elif a.cap == "off topic":
        parts.append("The answer does not address the question, so the score is capped at 35.")
    if a.category == "behavioral":
        shown = [part for part, ok in ev.star.items() if ok]
        absent = [part for part, ok in ev.star.items() if not ok]
        parts.append(f"Of the STAR parts it shows {_listing(shown) or 'none'}"
                     + (f"; missing: {_listing(absent)}." if absent else "."))  # fmt: skip
    parts.append(_specifics_sentence(ev))
    parts.append(f"Of the expected focus ({a.focus}) it covers {_listing(a.covered) or 'none'}.")
    _low, ideal_from, ideal_to, _high = LENGTH_BANDS[a.category]
    judgement = "short" if ev.words < ideal_from else ("long" if ev.words > ideal_to else "about right")
    parts.append(f"At {ev.words} words it is {judgement} for a {a.category} answer ({ideal_from}–{ideal_to}).")
    return " ".join(parts)


def _specifics_sentence(ev) -> str:
    figures = f"{len(ev.figures)} figure(s) ({_quoted(ev.figures)})" if ev.figures else "no figures"
    named = f"names {_listing(ev.skills)}" if ev.skills else "names no specific technology or method"
    return f"It has {figures} and {named}."


def detailed(a: Assessment) -> str:
    """Practice feedback as a short paragraph: verdict, what works, what to do next."""
    verdict = (
        "A strong answer." if a.score >= 80 else
        "A solid answer with clear room to improve." if a.score >= 60 else
        "A partial answer." if a.score >= 40 else
        "This answer needs substantial work."
    )  # fmt: skip
    good = strengths(a)[:2]
    todo = tips(a)[:3]
    text = f"{verdict} ({a.score}/100.)"
    if good:
        text += " What works: " + " ".join(good)
    if todo:
        text += " To strengthen it: " + " ".join(todo)
    return text


def _figures_expected(a: Assessment) -> bool:
    """Figures matter in stories of past work, and in technical answers above the easy level."""
    return a.category in ("behavioral", "role-specific") or (a.category == "technical" and a.difficulty != "easy")


def _names(a: Assessment, names: list[str]) -> str:
    return _listing([a.context.phrase(name) for name in names])


def _words(count: int) -> str:
    return f"{count} word" if count == 1 else f"{count} words"


def _minutes(words: int) -> str:
    seconds = round(words / WORDS_PER_MINUTE * 60 / 15) * 15
    return f"about {seconds} seconds spoken" if seconds < 90 else f"about {seconds / 60:.1f} minutes spoken"


def _is_are(items: list[str]) -> str:
    return "are" if len(items) > 1 else "is"


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
