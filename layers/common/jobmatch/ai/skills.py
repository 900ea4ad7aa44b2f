"""Skills named in a text: the skills table plus a built-in vocabulary of common skills and their aliases.

Each built-in skill has a kind: `tech` (languages, frameworks, tools, platforms), `practice` (engineering and
professional methods), `domain` (skills of other trades) or `soft` (people skills). Skills that exist only in the
database are treated as `tech`, unless the built-in vocabulary knows them under another kind.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from threading import Lock
from typing import Literal

from jobmatch import db

Kind = Literal["tech", "practice", "domain", "soft"]

# canonical name: aliases (matched case-insensitively, on word boundaries)
# fmt: off
TECH = {
    "Python": ["python"], "Java": ["java"], "JavaScript": ["javascript", "js", "ecmascript"],
    "TypeScript": ["typescript"], "Go": ["golang"], "Rust": ["rust"], "C++": ["c++", "cpp"],
    "C#": ["c#", "csharp"], "Ruby": ["ruby"], "PHP": ["php"], "Kotlin": ["kotlin"],
    "Scala": ["scala"], "SQL": ["sql"], "Bash": ["bash", "shell scripting"], "HTML": ["html", "html5"],
    "CSS": ["css", "css3", "sass", "scss"], "React": ["react", "react.js", "reactjs"],
    "Redux": ["redux", "redux toolkit", "rtk query"], "Next.js": ["next.js", "nextjs"],
    "Vue.js": ["vue", "vue.js", "vuejs"], "Angular": ["angular"], "Svelte": ["svelte"],
    "Node.js": ["node.js", "nodejs"], "Express": ["express.js", "expressjs"],
    "Django": ["django"], "Flask": ["flask"], "FastAPI": ["fastapi"], "Spring": ["spring boot", "spring framework"],
    "Ruby on Rails": ["rails", "ruby on rails"], ".NET": [".net", "asp.net", "dotnet"],
    "GraphQL": ["graphql"], "REST APIs": ["restful", "rest api", "rest apis"], "gRPC": ["grpc"],
    "PostgreSQL": ["postgresql", "postgres"], "MySQL": ["mysql"], "MongoDB": ["mongodb", "mongo"],
    "Redis": ["redis"], "Elasticsearch": ["elasticsearch", "opensearch"], "DynamoDB": ["dynamodb"],
    "Cassandra": ["cassandra"], "SQLite": ["sqlite"], "Oracle Database": ["oracle db", "oracle database", "pl/sql"],
    "Kafka": ["kafka"], "RabbitMQ": ["rabbitmq"], "AWS": ["aws", "amazon web services"],
    "AWS Lambda": ["lambda", "aws lambda"], "Amazon S3": ["s3"], "Azure": ["azure"],
    "Google Cloud": ["gcp", "google cloud"], "Docker": ["docker"], "Kubernetes": ["kubernetes", "k8s"],
    "Terraform": ["terraform"], "CloudFormation": ["cloudformation"], "Ansible": ["ansible"],
    "Jenkins": ["jenkins"], "GitHub Actions": ["github actions"], "Git": ["git"], "Linux": ["linux", "unix"],
    "Nginx": ["nginx"], "Prometheus": ["prometheus"], "Grafana": ["grafana"], "Datadog": ["datadog"],
    "Spark": ["spark", "pyspark", "apache spark"], "Airflow": ["airflow"], "dbt": ["dbt"],
    "Snowflake": ["snowflake"], "BigQuery": ["bigquery"], "Hadoop": ["hadoop"], "Pandas": ["pandas"],
    "NumPy": ["numpy"], "scikit-learn": ["scikit-learn", "sklearn"], "TensorFlow": ["tensorflow"],
    "PyTorch": ["pytorch"], "Machine Learning": ["machine learning", "ml"], "Deep Learning": ["deep learning"],
    "NLP": ["nlp", "natural language processing"], "LLMs": ["llm", "llms", "large language models"],
    "Computer Vision": ["computer vision"], "Statistics": ["statistics", "statistical analysis"],
    "Data Analysis": ["data analysis", "data analytics"], "Data Visualization": ["data visualization", "tableau",
                                                                                "power bi"],
    "Spreadsheets": ["spreadsheets", "google sheets"], "Jest": ["jest"], "Cypress": ["cypress"],
    "Playwright": ["playwright"],
    "Selenium": ["selenium"], "pytest": ["pytest"], "JUnit": ["junit"], "Webpack": ["webpack", "vite"],
    "React Native": ["react native"], "Flutter": ["flutter"], "iOS": ["ios"], "Android": ["android"],
    "Figma": ["figma"], "Jira": ["jira"], "Salesforce": ["salesforce"], "SAP": ["sap"],
    "Microservices": ["microservices", "microservice"], "Serverless": ["serverless"],
    "pgvector": ["pgvector"], "OAuth": ["oauth", "oauth2", "openid connect"], "WebSockets": ["websockets"],
}
PRACTICE = {
    "CI/CD": ["ci/cd", "continuous integration", "continuous delivery", "continuous deployment"],
    "Test-Driven Development": ["tdd", "test-driven development"], "Unit Testing": ["unit testing", "unit tests"],
    "Automated Testing": ["automated testing", "test automation", "integration tests", "end-to-end tests"],
    "Code Review": ["code review", "code reviews"], "System Design": ["system design", "distributed systems"],
    "Software Architecture": ["software architecture", "architecture"], "Data Modeling": ["data modeling",
                                                                                          "data modelling"],
    "Performance Optimization": ["performance optimization", "performance tuning", "optimisation"],
    "Security": ["security", "application security", "owasp"], "Observability": ["observability", "monitoring"],
    "DevOps": ["devops"], "Site Reliability Engineering": ["sre", "site reliability"],
    "Infrastructure as Code": ["infrastructure as code", "iac"], "Agile": ["agile"], "Scrum": ["scrum"],
    "Kanban": ["kanban"], "Accessibility": ["accessibility", "a11y", "wcag"], "UX Design": ["ux", "user experience"],
    "UI Design": ["ui design", "user interface design"], "State Management": ["state management"],
    "Object-Oriented Programming": ["oop", "object-oriented"], "Functional Programming": ["functional programming"],
    "Algorithms": ["algorithms", "data structures"], "ETL": ["etl", "elt", "data pipelines"],
    "A/B Testing": ["a/b testing", "experimentation"], "Technical Writing": ["technical writing", "documentation"],
}
DOMAIN = {
    "Patient Care": ["patient care"], "Nursing": ["nursing", "registered nurse"],
    "Clinical Assessment": ["clinical assessment", "triage"],
    "Medication Administration": ["medication administration"],
    "Accounting": ["accounting", "bookkeeping"], "Financial Modeling": ["financial modeling", "financial modelling"],
    "Budgeting": ["budgeting", "forecasting"], "Auditing": ["auditing", "audit"], "Tax": ["tax", "taxation"],
    "Sales": ["sales", "business development"], "Account Management": ["account management"],
    "CRM": ["crm"], "Marketing": ["marketing", "digital marketing"], "SEO": ["seo", "search engine optimization"],
    "Content Writing": ["content writing", "copywriting"], "Customer Service": ["customer service",
                                                                                "customer support"],
    "Recruiting": ["recruiting", "recruitment", "talent acquisition"], "Logistics": ["logistics", "supply chain"],
    "Procurement": ["procurement", "purchasing"], "Teaching": ["teaching", "curriculum design"],
    "Product Management": ["product management", "product roadmap"],
    "Project Management": ["project management", "project planning"], "Risk Management": ["risk management"],
    "Compliance": ["compliance", "gdpr", "hipaa"], "Quality Assurance": ["quality assurance", "qa"],
}
SOFT = {
    "Leadership": ["leadership", "team lead", "leading teams", "lead a team"],
    "Mentoring": ["mentoring", "mentorship", "coaching", "mentor", "mentored"], "Communication": ["communication",
                                                                             "communication skills"],
    "Collaboration": ["collaboration", "teamwork", "cross-functional"],
    "Stakeholder Management": ["stakeholder management", "stakeholders"],
    "Problem Solving": ["problem solving", "problem-solving", "troubleshooting"],
    "Ownership": ["ownership", "accountability"], "Time Management": ["time management", "prioritization",
                                                                      "prioritisation"],
    "Adaptability": ["adaptability", "fast-paced"], "Negotiation": ["negotiation"],
    "Presentation": ["presentation skills", "public speaking"], "Attention to Detail": ["attention to detail"],
    "Conflict Resolution": ["conflict resolution"], "Decision Making": ["decision making", "decision-making"],
}
# fmt: on

# Aliases that are ordinary words too short to match safely without their original capitalisation.
CASE_SENSITIVE = {"Go": "Go", "R": "R", "C": "C", "Swift": "Swift", "Excel": "Excel"}
SKILL_CACHE_TTL_S = 300
MAX_TABLE_SKILLS = 5000
TABLE_SKILLS_SQL = "SELECT name FROM skills ORDER BY lower(name) LIMIT %(limit)s"


@dataclass(frozen=True)
class Skill:
    name: str
    kind: Kind


def _builtin() -> dict[str, Skill]:
    """Every alias (lower case) of the built-in vocabulary, mapped to its skill."""
    aliases: dict[str, Skill] = {}
    for kind, table in (("soft", SOFT), ("domain", DOMAIN), ("practice", PRACTICE), ("tech", TECH)):
        for name, names in table.items():
            own = () if name in CASE_SENSITIVE else (name.lower(),)  # "go" alone is a verb, "Go" a language
            for alias in (*own, *names):
                aliases[alias] = Skill(name, kind)  # type: ignore[arg-type]
    return aliases


BUILTIN = _builtin()


def _alias_pattern(aliases: Iterable[str], flags: int = 0, tail: str = r"(?![\w+#&])") -> re.Pattern[str] | None:
    """One alternation of the aliases, longest first, bounded so that `java` never matches `javascript`."""
    ordered = sorted(set(aliases), key=len, reverse=True)
    if not ordered:
        return None
    body = "|".join(re.escape(alias) for alias in ordered)
    # Longer aliases win at the same position ("vue.js" before "vue"); "React.lazy" and "React-based" still name React.
    return re.compile(rf"(?<![\w+#.\-/])(?:{body}){tail}", flags)


class SkillMatcher:
    """Finds skills in text, from the built-in vocabulary and the names of the skills table."""

    def __init__(self, table_names: Iterable[str] = ()):
        self._by_alias = dict(BUILTIN)
        for name in table_names:
            key = name.strip().lower()
            if key and key not in self._by_alias and name.strip() not in CASE_SENSITIVE:
                self._by_alias[key] = Skill(name.strip(), "tech")
        self._pattern = _alias_pattern(self._by_alias, re.IGNORECASE)
        self._exact = _alias_pattern(CASE_SENSITIVE, tail=r"(?![\w+#&]|[-.]\w)")  # not "C-level" or "R.I.P."

    def find(self, text: str) -> list[Skill]:
        """The distinct skills named in `text`, in order of first mention."""
        hits: list[tuple[int, Skill]] = []
        if self._pattern is not None:
            hits += [(m.start(), self._by_alias[m.group(0).lower()]) for m in self._pattern.finditer(text)]
        if self._exact is not None:
            hits += [(m.start(), Skill(CASE_SENSITIVE[m.group(0)], "tech")) for m in self._exact.finditer(text)]
        seen: dict[str, Skill] = {}
        for _, skill in sorted(hits, key=lambda hit: hit[0]):
            seen.setdefault(skill.name.lower(), skill)
        return list(seen.values())

    def count(self, text: str) -> dict[str, int]:
        """How many times each skill is mentioned in `text`, by canonical name."""
        counts: dict[str, int] = {}
        if self._pattern is not None:
            for match in self._pattern.finditer(text):
                name = self._by_alias[match.group(0).lower()].name
                counts[name] = counts.get(name, 0) + 1
        return counts

    def knows(self, phrase: str) -> bool:
        """True when `phrase` is a skill name or alias."""
        return phrase.strip().lower() in self._by_alias or phrase.strip() in CASE_SENSITIVE


_cache_lock = Lock()
_cache: dict[str, tuple[float, SkillMatcher]] = {}


def skill_matcher(*, use_table: bool = True) -> SkillMatcher:
    """A matcher with the skills table's names, refreshed at most every five minutes per container."""
    if not use_table:
        return _builtin_matcher()
    with _cache_lock:
        cached = _cache.get("table")
        if cached and time.monotonic() - cached[0] < SKILL_CACHE_TTL_S:
            return cached[1]
    rows = db.fetch_all(TABLE_SKILLS_SQL, {"limit": MAX_TABLE_SKILLS})
    matcher = SkillMatcher(row["name"] for row in rows)
    with _cache_lock:
        _cache["table"] = (time.monotonic(), matcher)
    return matcher


def forget_table_skills() -> None:
    """Drop the cached skills table (after the table changed, and in tests)."""
    with _cache_lock:
        _cache.clear()


@lru_cache(maxsize=1)
def _builtin_matcher() -> SkillMatcher:
    return SkillMatcher()
