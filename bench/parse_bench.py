"""Median time to read a two-page PDF CV with `jobmatch.documents` (run by `make bench`).

Usage: python bench/parse_bench.py [--runs N]
Prints numbers only; it asserts nothing about wall-clock time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "layers" / "common"))

from jobmatch.documents import assert_cv, chunk_text, parse_document

HEADER = [
    "Alex Morgan",
    "Senior Data Engineer",
    "alex.morgan@example.com | +44 20 7946 0101 | linkedin.com/in/alexmorgan",
    "",
    "Summary",
    "Data engineer with nine years of experience designing batch and streaming pipelines,",
    "warehouses and the APIs that serve them, in retail, payments and logistics.",
]
ROLE = [
    "",
    "{company}, {city} - {title}",
    "{start} - {end}",
    "- Built and ran Python ingestion services on AWS Lambda, SQS and Step Functions.",
    "- Modelled the warehouse in PostgreSQL and dbt; cut the nightly load from 4 hours to 40 minutes.",
    "- Introduced data contracts and tests that caught 90% of schema breaks before production.",
    "- Mentored four engineers and led the hiring loop for the platform team.",
]
ROLES = [
    ("Northwind Retail", "London", "Senior Data Engineer", "Mar 2021", "Present"),
    ("Contoso Payments", "Leeds", "Data Engineer", "Jan 2018", "Feb 2021"),
    ("Fabrikam Logistics", "Bristol", "Backend Engineer", "Sep 2015", "Dec 2017"),
    ("Tailspin Analytics", "Bath", "Junior Developer", "Jul 2014", "Aug 2015"),
]
FOOTER = [
    "",
    "Education",
    "MSc Data Science, University of Bristol, 2012 - 2014",
    "BSc Mathematics, University of Leeds, 2009 - 2012",
    "",
    "Skills",
    "Python, SQL, PostgreSQL, dbt, Airflow, Spark, Kafka, AWS, Terraform, Docker",
    "",
    "Certifications",
    "AWS Certified Data Engineer - Associate (2023)",
    "",
    "Languages",
    "English (native), Spanish (professional)",
]


def cv_lines() -> list[str]:
    """The CV as lines of text."""
    roles = [line.format(company=c, city=y, title=t, start=s, end=e) for c, y, t, s, e in ROLES for line in ROLE]
    return [*HEADER, "", "Experience", *roles, *FOOTER]


def two_page_pdf(lines: list[str]) -> bytes:
    """A PDF showing half of the lines on each of two pages, in Helvetica, with a correct xref."""
    half = len(lines) // 2
    pages = [lines[:half], lines[half:]]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for index, page_lines in enumerate(pages):
        shown = b" ".join(b"(%s) Tj T*" % _pdf_string(line) for line in page_lines)
        content = b"BT /F1 10 Tf 13 TL 56 780 Td " + shown + b" ET"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (5 + 2 * index)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    return _pdf_file(objects)


def _pdf_string(line: str) -> bytes:
    """A PDF literal string body."""
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252")


def _pdf_file(objects: list[bytes]) -> bytes:
    """Objects numbered from 1, then the cross-reference table and trailer."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def median_ms(action, runs: int) -> float:
    """Median wall-clock milliseconds of `action` over `runs` calls, after one warm-up call."""
    action()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def upload_path(data: bytes) -> list[str]:
    """What a CV upload does with the file before embedding: read, check, chunk."""
    text = parse_document(data, "cv.pdf").text
    assert_cv(text)
    return chunk_text(text)


def measure(runs: int = 50) -> dict:
    """The PDF's size, pages and characters, and the median milliseconds of parsing alone and of the upload path."""
    data = two_page_pdf(cv_lines())
    parsed = parse_document(data, "cv.pdf")
    return {
        "bytes": len(data),
        "pages": parsed.pages,
        "characters": len(parsed.text),
        "runs": runs,
        "parse_ms": median_ms(lambda: parse_document(data, "cv.pdf"), runs),
        "pipeline_ms": median_ms(lambda: upload_path(data), runs),
        "chunks": len(chunk_text(parsed.text)),
    }


def main() -> None:
    """Build the PDF, time parsing alone and the whole upload path, print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    numbers = measure(parser.parse_args().runs)
    print(
        f"pdf: {numbers['bytes']:,} bytes, {numbers['pages']} pages, {numbers['characters']:,} characters, "
        f"{numbers['runs']} runs"
    )
    print(f"parse_document median: {numbers['parse_ms']:.2f} ms")
    print(f"parse + assert_cv + chunk_text median: {numbers['pipeline_ms']:.2f} ms ({numbers['chunks']} chunks)")


if __name__ == "__main__":
    main()
