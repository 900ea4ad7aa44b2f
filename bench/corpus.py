"""A seeded generator of realistic job postings, search queries and CVs for benchmarks.

Postings are composed from the vocabularies of `bench/corpus_vocab.py`: 20 role families, each
with its own roles, specialties, skills, duties and outcomes, posted by companies of the
industries the family works in. Texts of one family share their words and those of other
families mostly do not, so their embeddings cluster as real postings do (never random vectors
or random words). A seed always gives the same output, and the first k postings do not depend
on how many are asked for.

    python -m bench.corpus [N]     prints the generation rate and one sample of each kind
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from bench.corpus_vocab import (
    BENEFITS,
    CITIES,
    CLINICAL_MODES,
    COMPANY_STEMS,
    CURRENCIES,
    DAY_TO_DAY,
    FAMILIES,
    FIRST_NAMES,
    GOALS,
    INDUSTRIES,
    INTROS,
    LAST_NAMES,
    LEVEL_PAY,
    LEVEL_YEARS,
    MODES,
    MONTHS,
    QUERY_PATTERNS,
    REMOTE_REGIONS,
    REPORTING,
    REQ_BONUS,
    REQ_EXPERIENCE,
    REQ_JUNIOR,
    REQ_LANGUAGE,
    REQ_SKILL,
    ROLE_OPENERS,
    SECTORS,
    SIZES,
    SNIPPET_PATTERNS,
    STACK,
    UNIVERSITIES,
    Family,
)

# How often each family posts, roughly as on a general job board.
WEIGHTS = {
    "backend": 8, "frontend": 5, "mobile": 3, "devops": 5, "data_engineering": 4,
    "data_science": 4, "data_analytics": 5, "security": 3, "qa": 3, "embedded": 2, "product": 4,
    "design": 3, "marketing": 5, "sales": 6, "customer_success": 5, "finance": 6, "hr": 3,
    "nursing": 8, "allied_health": 4, "operations": 6,
}  # fmt: skip
BY_KEY = {family.key: family for family in FAMILIES}
_WEIGHTED = tuple(family for family in FAMILIES for _ in range(WEIGHTS[family.key]))
COMPANIES_PER_INDUSTRY = 80
# Words of a role that already say its seniority: only "Senior" may be put in front of it.
SENIOR_ROLE_WORDS = ("Lead", "Group", "Controller", "Architect", "Director", "Charge", "Staff", "Head")
CV_YEAR = 2025  # CVs are dated as if written this year, so that a seed always gives the same text

Company = tuple  # (name, city row of CITIES, size, founding year)


class Posting(NamedTuple):
    """What one posting is about, decided before its text is written."""

    family: Family
    role: str
    level: int
    title: str
    industry: str
    company: Company
    skills: list[str]


def family_keys() -> list[str]:
    return [family.key for family in FAMILIES]


# ---------------------------------------------------------------- seeded choices
# `random.Random.choice` and `sample` cost microseconds each on Python 3.11; indexing with
# `random()` is several times faster and just as deterministic, which matters at 300,000 postings.

Rng = random.Random


def _pick(rng: Rng, items):
    return items[int(rng.random() * len(items))]


def _between(rng: Rng, low: int, high: int) -> int:
    """An integer from low to high, both included."""
    return low + int(rng.random() * (high - low + 1))


def _sample(rng: Rng, items, k: int) -> list:
    """`k` distinct items in random order (a partial Fisher-Yates shuffle)."""
    pool = list(items)
    size = len(pool)
    for i in range(k):
        j = i + int(rng.random() * (size - i))
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:k]


@lru_cache(maxsize=65_536)  # titles repeat: most calls are answered from here
def with_article(phrase: str) -> str:
    """The phrase after "a" or "an" as it is said: an API Engineer, a UX Designer, an iOS Developer."""
    word = phrase.split(" ", 1)[0]
    if len(word) > 1 and word.isupper():  # letters read aloud: an SEO Specialist, a QA Engineer
        vowel_sound = word[0] in "AEFHILMNORSX"
    else:
        exceptions = ("uni", "use", "eu", "one")
        vowel_sound = word[0] in "AEIOUaeiou" and not word.lower().startswith(exceptions)
    return ("an " if vowel_sound else "a ") + phrase


# ---------------------------------------------------------------- companies


def company_pool(seed: int) -> dict[str, tuple[Company, ...]]:
    """Companies by industry, a fixed number whatever N is, so that prefixes stay stable."""
    rng = random.Random(f"companies:{seed}")
    pool = {}
    for industry, (_noun, _products, _customers, suffixes) in INDUSTRIES.items():
        names = {f"{_pick(rng, COMPANY_STEMS)} {_pick(rng, suffixes)}" for _ in range(COMPANIES_PER_INDUSTRY)}
        pool[industry] = tuple(
            (name, _pick(rng, CITIES), _pick(rng, SIZES), _between(rng, 1965, 2021)) for name in sorted(names)
        )
    return pool


# ---------------------------------------------------------------- job postings


def generate_jobs(n: int, seed: int = 7) -> Iterator[dict]:
    """`n` postings: title, description, requirements, location, salary_range, company_name,
    skills (each named in the text) and family (the role family it was written for)."""
    rng = random.Random(seed)
    companies = company_pool(seed)
    for _ in range(n):
        yield _job(rng, companies)


def _job(rng: Rng, companies: dict[str, tuple[Company, ...]]) -> dict:
    family = _pick(rng, _WEIGHTED)
    prefix, level = _pick(rng, family.levels)
    role = _pick(rng, family.roles)
    industry = _pick(rng, family.industries)
    company = _pick(rng, companies[industry])
    skills = _sample(rng, family.skills, _pick(rng, (4, 5, 5, 6, 6, 7)))
    mode, way_of_working = _pick(rng, MODES if family.remote else CLINICAL_MODES)
    title = _title(rng, prefix, role, family)
    posting = Posting(family, role, level, title, industry, company, skills)
    return {
        "title": title,
        "description": _description(rng, posting, way_of_working),
        "requirements": _requirements(rng, posting),
        "location": _location(mode, company),
        "salary_range": _salary(rng, family, level, company) if rng.random() < 0.5 else None,
        "company_name": company[0],
        "skills": skills,
        "family": family.key,
    }


def _title(rng: Rng, prefix: str, role: str, family: Family) -> str:
    """Seniority x role x specialty, in the shapes job boards use."""
    if prefix != "Senior" and any(word in role for word in SENIOR_ROLE_WORDS):
        prefix = ""  # no "Lead Product Lead" or "Junior Financial Controller"
    base = f"{prefix} {role}" if prefix else role
    shape = rng.random()
    if shape < 0.45:
        return base
    specialty = _pick(rng, family.specialties)
    if shape < 0.7:
        return f"{base} ({specialty})"
    if shape < 0.85:
        return f"{base} - {specialty}"
    return f"{base}, {specialty}"


def _description(rng: Rng, posting: Posting, way_of_working: str) -> str:
    """Company, role, daily work, tools, goals, team, way of working, benefits: as postings read."""
    family, skills = posting.family, posting.skills
    noun, products, customers, _suffixes = INDUSTRIES[posting.industry]
    name, city, size, year = posting.company
    team, (d1, d2, d3, d4, d5) = _pick(rng, family.teams), _sample(rng, family.duties, 5)
    intro = _pick(rng, INTROS).format(
        company=name,
        product=_pick(rng, products),
        customers=_pick(rng, customers),
        noun=noun,
        a_noun=with_article(noun),
        city=city[0],
        a_size=with_article(size),
        team=team,
        year=year,
    )
    a_title = with_article(posting.title)
    sentences = [
        intro,
        _pick(rng, ROLE_OPENERS).format(a_title=a_title, team=team, d1=d1, d2=d2, d3=d3),
        _pick(rng, DAY_TO_DAY).format(d1=d4, d2=d5),
        _pick(rng, STACK).format(s1=skills[0], s2=skills[1], s3=skills[2]),
    ]
    if rng.random() < 0.7:
        sentences.append(_pick(rng, GOALS).format(outcome=_pick(rng, family.outcomes)))
    if rng.random() < 0.6:
        manager, size = _pick(rng, family.managers), _between(rng, 4, 18)
        sentences.append(_pick(rng, REPORTING).format(manager=manager, n=size, team=team))
    sentences.append(way_of_working.format(city=city[0]))
    sentences.append(_pick(rng, BENEFITS).format(days=_between(rng, 25, 32)))
    return " ".join(sentences)


def _requirements(rng: Rng, posting: Posting) -> str:
    """Bullets: experience for the level, the remaining skills, a qualification, a language."""
    family, skills, a_role = posting.family, posting.skills, with_article(posting.role)
    if posting.level == 0:
        lines = [_pick(rng, REQ_JUNIOR).format(a_role=a_role)]
    else:
        years = _between(rng, *LEVEL_YEARS[posting.level])
        sector, label = SECTORS[posting.industry], family.label.lower()
        experience = _pick(rng, REQ_EXPERIENCE)
        lines = [experience.format(years=years, a_role=a_role, industry=sector, label=label)]
    lines.append(_pick(rng, REQ_SKILL).format(s1=skills[3], s2=skills[0]))
    if len(skills) > 4:
        lines.append(_pick(rng, REQ_SKILL[:3]).format(s1=skills[4], s2=skills[1]))
    qualification = _pick(rng, family.qualifications)
    lines.append(qualification[0].upper() + qualification[1:])
    lines += [_pick(rng, REQ_BONUS).format(s1=extra) for extra in skills[5:]]
    language = posting.company[1][3]
    if language:
        lines.append(_pick(rng, REQ_LANGUAGE).format(language=language))
    return "\n".join(f"- {line}" for line in lines)


def _location(mode: str, company: Company) -> str:
    city, country, currency, _language = company[1]
    if mode == "remote":
        return REMOTE_REGIONS.get(currency, "Remote (Europe)")
    return f"{city}, {country}" + (" (hybrid)" if mode == "hybrid" else "")


def _salary(rng: Rng, family: Family, level: int, company: Company) -> str:
    """A yearly range in the company's currency, e.g. "€55k-70k" or "$120k-150k"."""
    symbol, factor = CURRENCIES[company[1][2]]
    middle = family.pay * LEVEL_PAY[level] * factor * (0.88 + 0.24 * rng.random())
    low = max(20, int(middle * 0.9 / 5) * 5)
    high = low + max(5, int(middle * 0.22 / 5) * 5)
    return f"{symbol}{low}k-{high}k"


# ---------------------------------------------------------------- queries and CVs


def generate_queries(n: int, seed: int = 11) -> list[dict]:
    """`n` search queries and CV-like snippets, each with the family it targets."""
    rng = random.Random(seed)
    return [_query(rng, _pick(rng, _WEIGHTED)) for _ in range(n)]


def _query(rng: Rng, family: Family) -> dict:
    """A short search (often in lower case) or a few sentences of a CV."""
    prefix, level = _pick(rng, family.levels)
    skill, skill2, skill3 = _sample(rng, family.skills, 3)
    role = _pick(rng, family.roles)
    seniority = prefix or _pick(rng, ("senior", "junior", "mid-level"))
    words = {
        "role": role, "a_role": with_article(role),
        "level": seniority, "a_level": with_article(seniority.lower()),
        "specialty": _pick(rng, family.specialties),
        "city": _pick(rng, CITIES)[0].split(",")[0],
        "skill": skill, "skill2": skill2, "skill3": skill3,
        "industry": SECTORS[_pick(rng, family.industries)],
        "mode": _pick(rng, ("remote", "hybrid", "full time", "part time")),
        "duty": _pick(rng, family.duties),
        "years": _between(rng, *LEVEL_YEARS[max(level, 1)]),
        "achievement": _achievement(rng, family),
    }  # fmt: skip
    if rng.random() < 0.65:
        text = _pick(rng, QUERY_PATTERNS).format(**words)
        text = text.lower() if rng.random() < 0.5 else text
    else:
        text = _pick(rng, SNIPPET_PATTERNS).format(**words)
        text = text[0].upper() + text[1:]
    return {"text": text, "family": family.key}


def _achievement(rng: Rng, family: Family) -> str:
    """One past-tense result with plausible numbers filled in."""
    return _filled(rng, _pick(rng, family.achievements))


def _filled(rng: Rng, template: str) -> str:
    return template.format(
        n=_between(rng, 3, 40), pct=_between(rng, 12, 60), lo=_between(rng, 10, 45),
        hi=_between(rng, 55, 95), k=_between(rng, 2, 9), d=_between(rng, 1, 9),
    )  # fmt: skip


def generate_cv(family: str, seed: int) -> str:
    """A plain-text CV of the family: fake contact details, summary, dated jobs, education, skills."""
    fam = BY_KEY[family]
    rng = random.Random(f"cv:{family}:{seed}")
    first, last = _pick(rng, FIRST_NAMES), _pick(rng, LAST_NAMES)
    city, country, _currency, language = _pick(rng, CITIES)
    role = _pick(rng, fam.roles)
    skills = _sample(rng, fam.skills, min(len(fam.skills), _between(rng, 8, 11)))
    years = _between(rng, 3, 12)
    industries = [_pick(rng, fam.industries) for _ in range(2 if years < 6 else 3)]
    handle = f"{first.lower()}.{last.lower()}"
    phone = f"+1 555 01{_between(rng, 10, 99)} {_between(rng, 100, 999)}"
    graduated = CV_YEAR - years
    lines = [
        f"{first} {last}",
        role,
        f"{city}, {country} | {handle}@example.com | {phone} | linkedin.com/in/{handle.replace('.', '-')}-demo",
        "",
        "Summary",
        f"{role} with {years} years of experience, most recently in {SECTORS[industries[0]]}. "
        f"I enjoy the part of the job where I {_pick(rng, fam.duties)}. "
        f"Strongest skills: {skills[0]}, {skills[1]} and {skills[2]}.",
        "",
        "Experience",
        *_positions(rng, fam, role, years, industries),
        "Education",
        f"{_pick(rng, fam.degrees)}, {_pick(rng, UNIVERSITIES)}, {graduated - 4} - {graduated}",
        "",
        "Skills",
        ", ".join(skills),
        "",
        "Languages",
        "English (fluent)" + (f", {language} (native)" if language else ""),
    ]
    return "\n".join(lines) + "\n"


def _positions(rng: Rng, fam: Family, role: str, years: int, industries: list[str]) -> list[str]:
    """One job per industry, newest first, each with its dates and three bullets."""
    lines: list[str] = []
    results = _sample(rng, fam.achievements, len(fam.achievements))
    end, remaining, month, count = None, years, 0, len(industries)
    for index, industry in enumerate(industries):
        later = count - index - 1  # jobs still to place, two years each at least
        span = remaining if later == 0 else _between(rng, 2, max(2, remaining - 2 * later))
        start = (end or CV_YEAR) - span
        company = f"{_pick(rng, COMPANY_STEMS)} {_pick(rng, INDUSTRIES[industry][3])}"
        title = role if index < 2 else _pick(rng, fam.roles)
        title = f"Senior {title}" if index == 0 and years >= 6 else title
        until = f"{MONTHS[month]} {end}" if end else "Present"  # the month the next job started
        month = _between(rng, 0, 11)
        lines += [f"{title}, {company}", f"{MONTHS[month]} {start} - {until}"]
        lines += [f"- {_filled(rng, results[(2 * index + i) % len(results)])}" for i in range(2)]
        lines += [f"- Day to day: {_pick(rng, fam.duties)}.", ""]
        end, remaining = start, remaining - span
    return lines


# ---------------------------------------------------------------- command line


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 100_000
    wall, cpu = time.perf_counter(), time.process_time()
    count = words = 0
    for job in generate_jobs(n):
        count += 1
        words += len(job["description"].split())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{count} jobs in {wall:.2f} s, {cpu:.2f} s of CPU ({count / cpu:,.0f} jobs per CPU second)")
    print(f"{words / count:.0f} words per description on average")
    job = next(generate_jobs(1))
    print(f"\n{job['title']} at {job['company_name']} ({job['location']}, {job['salary_range']})")
    print(job["description"], job["requirements"], sep="\n")
    for query in generate_queries(3):
        print(f"\nquery [{query['family']}]: {query['text']}")
    print("\n" + generate_cv("nursing", 1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
