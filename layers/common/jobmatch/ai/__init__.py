"""AI analysis: one structured-generation interface, hosted providers, and building blocks for offline analysts.

    result = generate(Task(name, instructions, data, Schema, offline=lambda: analyst(...), grounding=...))
    result.value   # a validated Schema instance
    result.engine  # "offline", "openai:<model>" or "bedrock:<model>"

`CHAT_ENGINE` picks the provider (offline by default); any provider trouble falls back to the task's offline
analyst. See `engine` for the guarantees, `pii` for what is removed before text leaves, `sanitize` for the
checks applied to what comes back.
"""

from jobmatch.ai.engine import (
    OFFLINE,
    Generated,
    Rejected,
    Task,
    generate,
    generate_many,
    get_provider,
    reset_provider_cache,
)
from jobmatch.ai.pii import scrub_pii
from jobmatch.ai.sanitize import Grounding, Score, Text, TextList
from jobmatch.ai.skills import Skill, SkillMatcher, skill_matcher

__all__ = [
    "OFFLINE",
    "Generated",
    "Grounding",
    "Rejected",
    "Score",
    "Skill",
    "SkillMatcher",
    "Task",
    "Text",
    "TextList",
    "generate",
    "generate_many",
    "get_provider",
    "reset_provider_cache",
    "scrub_pii",
    "skill_matcher",
]
