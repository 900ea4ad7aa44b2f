"""Remove e-mail addresses, phone numbers and street addresses from text before it leaves for a hosted model.

What is recognised: e-mail addresses; phone numbers of 8 to 15 digits in the usual national and international
layouts (year ranges and dates are left alone); street addresses written "number street-name suffix" (English
suffixes such as Street, Ave, Road) or "street-name number" (German-style Straße, Weg, Gasse), with the flat,
city, state and postcode that follow on the same line; UK postcodes; lines labelled "Address:".
Names, employers and cities on their own are kept: the model needs them to give useful advice.
"""

from __future__ import annotations

import re

EMAIL = "[email removed]"
PHONE = "[phone removed]"
ADDRESS = "[address removed]"

_EMAIL_RE = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
_PHONE_RE = re.compile(r"(?<![\w+/.-])(?:\+|00)?\(?\d[\d ().\-/]{5,}\d(?![\w%])")
_DATE_RE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")

_SUFFIXES = (
    r"Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Boulevard|Blvd|Drive|Dr|Court|Ct|Way|Place|Pl|Square|Sq|Terrace|"
    r"Close|Crescent|Parkway|Pkwy|Highway|Hwy|Row|Mews|Gardens|Grove"
)
_UNIT = r"(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|#)\.?\s*[\w-]+)?"
_TAIL = r"(?:,\s*[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3})*(?:,?\s+(?:[A-Z]{2}\s+)?\d{4,5}(?:-\d{4})?)?"
_STREET_EN = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:[A-Z][\w'.-]*\s+){{1,4}}(?:{_SUFFIXES})\b\.?(?:\s+[NSEW]{{1,2}}\b)?{_UNIT}{_TAIL}"
)
_STREET_DE = re.compile(
    r"\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm)\s+\d{1,4}\s?[a-z]?\b"
    r"(?:,\s*\d{4,5}\s+[A-ZÄÖÜ][\wäöüß-]+)?"
)
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_LABELLED = re.compile(r"(?im)^(\s*(?:home\s+|postal\s+|mailing\s+)?address\s*[:\-]\s*)(\S.*)$")


def _is_phone(candidate: str) -> bool:
    digits = sum(ch.isdigit() for ch in candidate)
    if not 8 <= digits <= 15 or _DATE_RE.fullmatch(candidate.strip()):
        return False
    groups = [g for g in re.split(r"[\s().\-/]+", candidate) if g]
    return not all(_YEAR_RE.fullmatch(g) for g in groups)  # "2019 - 2023" is a period, not a number


def _phone(match: re.Match[str]) -> str:
    return PHONE if _is_phone(match.group(0)) else match.group(0)


def scrub_pii(text: str) -> str:
    """`text` with e-mail addresses, phone numbers and street addresses replaced by markers."""
    if not text:
        return text
    text = _EMAIL_RE.sub(EMAIL, text)
    text = _LABELLED.sub(lambda m: m.group(1) + ADDRESS, text)
    text = _UK_POSTCODE.sub(ADDRESS, text)
    text = _STREET_EN.sub(ADDRESS, text)
    text = _STREET_DE.sub(ADDRESS, text)
    return _PHONE_RE.sub(_phone, text)
