"""Reading uploaded CVs safely, the CV heuristic and chunking (jobmatch.documents)."""

from __future__ import annotations

import codecs
import io
import itertools
import random
import re
import struct
import time
import zipfile
import zlib

import docx
import docx.oxml
import pytest
from pypdf import PdfWriter

from jobmatch import documents
from jobmatch.documents import (
    CvVerdict,
    DocumentError,
    ParsedDocument,
    assert_cv,
    chunk_text,
    document_from_text,
    looks_like_cv,
    normalize_text,
    parse_document,
)
from jobmatch.errors import ApiError, BadRequest, PayloadTooLarge, UnsupportedMediaType

HOSTILE_SECONDS = 5.0  # generous bound for a refused file on a slow CI machine

CV_TEXT = """Jane Doe
Senior Backend Engineer
jane.doe@example.com | +44 20 7946 0958 | linkedin.com/in/janedoe | github.com/janedoe

Summary
Backend engineer with eight years of experience building Python services, data pipelines and
APIs for fintech and e-commerce companies. Comfortable owning systems from design to on-call.

Experience
Acme Payments, London - Senior Backend Engineer
Mar 2020 - Present
Led the migration of the settlement service to PostgreSQL and cut batch time by 60%.
Designed an event-driven ledger on AWS Lambda, SQS and DynamoDB.

Shopfront Ltd, Manchester - Backend Engineer
Jun 2016 - Feb 2020
Built the product search API in Django and Elasticsearch serving 2,000 requests per second.

Education
MSc Computer Science, University of Manchester, 2014 - 2016

Skills
Python, Django, FastAPI, PostgreSQL, AWS, Docker, Terraform, Kafka

Languages
English (native), French (fluent)
"""

FRENCH_CV = """Marie Dupont
Développeuse Full-Stack
marie.dupont@exemple.fr - 06 12 34 56 78

Profil
Développeuse passionnée avec cinq ans d'expérience dans la création d'applications web modernes,
de l'analyse du besoin jusqu'à la mise en production et au suivi des utilisateurs.

Expérience professionnelle
Société Générale, Paris - Développeuse Full-Stack
Septembre 2019 - aujourd'hui
Conception d'une plateforme interne en React et Node.js utilisée par trois mille collaborateurs.

Formation
Master Informatique, Université de Lyon, 2015 - 2017

Compétences
JavaScript, TypeScript, React, Node.js, PostgreSQL, Docker
"""

RECIPE = """Classic Tomato Soup

Ingredients
1 kg ripe tomatoes, 2 onions, 3 cloves of garlic, 2 tablespoons of olive oil, 750 ml of vegetable
stock, salt, pepper and a handful of fresh basil leaves.

Method
Roughly chop the onions and garlic and soften them in the olive oil over a low heat for ten minutes.
Add the chopped tomatoes and the stock, bring to the boil and simmer for twenty minutes. Blend until
smooth, season to taste and serve with the basil leaves and some crusty bread. Serves four people.
"""

LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore "
    "et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut "
    "aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum "
    "dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui "
    "officia deserunt mollit anim id est laborum.\n"
) * 3

JOB_ADVERT = """Senior Backend Engineer - Acme Payments

About the role
We are looking for a senior backend engineer to join our payments team in London.

What you will do
Design and run Python services on AWS. You will be responsible for the settlement platform.

Requirements
Experience: five years with Python and PostgreSQL.
Education: a degree in computer science or equivalent experience.
Skills: Python, Django, AWS, Docker, Kafka.

What we offer
A competitive salary, 30 days of holiday and a learning budget. Apply now at jobs@acme.example.
"""


# ---------------------------------------------------------------- builders


def _escape(line: str) -> bytes:
    """A PDF literal string body in WinAnsi encoding."""
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252")


def _stream(content: bytes, entries: bytes = b"") -> bytes:
    """A PDF stream object body."""
    return b"<< /Length %d %s>>\nstream\n" % (len(content), entries) + content + b"\nendstream"


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from object bodies numbered from 1 (object 1 is the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def text_pdf(pages: list[list[str]], catalog_extra: bytes = b"") -> bytes:
    """A PDF whose pages show the given lines in Helvetica."""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * index) for index in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for index, lines in enumerate(pages):
        shown = b" ".join(b"(%s) Tj T*" % _escape(line) for line in lines)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (5 + 2 * index)
        )
        objects.append(_stream(b"BT /F1 10 Tf 13 TL 60 760 Td " + shown + b" ET"))
    return _pdf(objects)


def one_page_pdf(
    contents: bytes, resources: bytes = b"<< >>", extra: list[bytes] | None = None, *, compress: bool = False
) -> bytes:
    """A one-page PDF with the given content stream (object 4), resources and extra objects (5, 6...)."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents 4 0 R >>" % resources
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page]
    stream = _stream(zlib.compress(contents, 9), b"/Filter /FlateDecode ") if compress else _stream(contents)
    return _pdf([*objects, stream, *(extra or [])])


def cv_pdf() -> bytes:
    """A two-page PDF CV (first half of CV_TEXT on page 1, the rest on page 2)."""
    lines = CV_TEXT.splitlines()
    return text_pdf([lines[:15], lines[15:]])


def rewritten(pdf: bytes, **encrypt) -> bytes:
    """The PDF rewritten by pypdf, encrypted with the given arguments."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(**encrypt)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pdf(pages: int) -> bytes:
    """A PDF of blank pages written by pypdf."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def cv_docx() -> bytes:
    """A Word CV made with python-docx: header, headings, paragraphs and a table with a merged cell."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Jane Doe - jane.doe@example.com"
    document.add_heading("Experience", level=1)
    document.add_paragraph("Acme Payments - Senior Backend Engineer, Mar 2020 - Present")
    document.add_heading("Skills", level=1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Python"
    table.cell(0, 1).text = "8 years"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "PostgreSQL and AWS"
    document.add_heading("Education", level=1)
    document.add_paragraph("MSc Computer Science, 2014 - 2016")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A ZIP archive holding the given members."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx_members() -> dict[str, bytes]:
    """Every member of the python-docx CV."""
    with zipfile.ZipFile(io.BytesIO(cv_docx())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def refused(data: bytes, filename: str | None, expected: type[ApiError], content_type: str | None = None) -> str:
    """Parse a file that must be refused quickly with `expected`; return the client message."""
    started = time.monotonic()
    with pytest.raises(expected) as caught:
        parse_document(data, filename, content_type)
    assert time.monotonic() - started < HOSTILE_SECONDS
    error = caught.value
    assert isinstance(error, DocumentError)
    assert error.body() == {"detail": error.detail}
    assert error.detail.endswith(".") and "Error" not in error.detail and "\n" not in error.detail
    return error.detail


# ---------------------------------------------------------------- text files


def test_utf8_text_is_read_and_normalised():
    # Given a UTF-8 text CV with accents, CRLF line ends, tabs and extra blank lines
    data = "Zoë Müller\r\nCafé\tcrème\r\n\r\n\r\n\r\nSkills:  Python".encode()

    # When it is parsed
    parsed = parse_document(data, "resume.txt", "text/plain")

    # Then the text is clean and the metadata describes a text file
    assert parsed == ParsedDocument(
        text="Zoë Müller\nCafé crème\n\nSkills: Python", kind="txt", pages=None, filename="resume.txt"
    )


def test_cp1252_text_falls_back_from_utf8():
    # Given a text saved by an old Windows editor (cp1252, not valid UTF-8)
    data = "Résumé – François “Frank” Müller €".encode("cp1252")

    # When it is parsed
    parsed = parse_document(data, "cv.txt")

    # Then every character is decoded as the author wrote it
    assert parsed.text == "Résumé – François “Frank” Müller €"


def test_latin1_is_the_last_resort_for_bytes_cp1252_does_not_define():
    # Given latin-1 text holding a byte that cp1252 leaves undefined (0x81) once
    data = ("Ana Gómez " * 30).encode("latin-1") + b"\x81"

    # When it is parsed
    parsed = parse_document(data, "cv.txt")

    # Then the text is read, the stray control character dropped
    assert parsed.text == ("Ana Gómez " * 30).strip()


@pytest.mark.parametrize("bom, encoding", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")])
def test_byte_order_marks_are_honoured_and_dropped(bom, encoding):
    # Given a text file that starts with a byte order mark
    data = bom + "Jörg Schmidt\nErfahrung".encode(encoding)

    # When it is parsed
    parsed = parse_document(data, "lebenslauf.txt")

    # Then the mark is gone and the text decoded
    assert parsed.text == "Jörg Schmidt\nErfahrung"


def test_normalize_text_removes_invisible_and_control_characters():
    # Given text as PDF extraction often yields it: ligatures, NBSP, zero-width and control characters
    raw = "\ufeff  Pro\ufb01le\u00a0summary\u200b\x07\n\n\n\nsoft\u00adware \ue001 icon\x0cnext page  "

    # When it is normalised
    clean = normalize_text(raw)

    # Then only readable text with single spaces and at most one blank line remains
    assert clean == "Profile summary\n\nsoftware icon\nnext page"


@pytest.mark.parametrize(
    "data",
    [
        random.Random(7).randbytes(4000),
        b"Jane Doe\x00\x00\x00 Experience " * 20,
        ("Jane Doe " * 20 + "\x01\x02\x03\x04\x05").encode(),
    ],
    ids=["random-bytes", "null-bytes", "control-characters"],
)
def test_binary_content_named_txt_is_refused(data):
    # Given binary content presented as a text file
    # When it is parsed, Then it is refused as not being a text document
    message = refused(data, "cv.txt", UnsupportedMediaType)
    assert "not a text document" in message


def test_empty_and_blank_files_are_bad_requests():
    # Given an empty file and one holding only whitespace
    # When they are parsed, Then each is refused with a message saying so
    assert refused(b"", "cv.txt", BadRequest) == "The file is empty."
    assert "contains no text" in refused(b" \r\n\t \n", "cv.txt", BadRequest)


def test_a_file_over_the_size_given_is_payload_too_large():
    # Given a 2 MB text file and a limit of 1 MB
    data = b"word " * 400_000

    # When it is parsed with that limit, Then it is refused with both sizes in the message
    with pytest.raises(PayloadTooLarge) as caught:
        parse_document(data, "cv.txt", max_bytes=1024 * 1024)
    assert caught.value.detail == "The file is 1.9 MB; the limit is 1.0 MB."


def test_text_over_the_character_limit_is_refused():
    # Given a text file longer than MAX_TEXT_CHARS characters
    data = ("x" * 99 + "\n").encode() * (documents.MAX_TEXT_CHARS // 100 + 10)

    # When it is parsed, Then it is refused as too large
    assert "100,000 characters" in refused(data, "cv.txt", PayloadTooLarge)


def test_document_from_text_applies_the_same_cleaning_and_limits():
    # Given text sent as JSON rather than as a file
    # When it is wrapped, Then it is normalised like a .txt upload
    assert document_from_text("  Jane\u00a0Doe \r\n Skills ", None) == ParsedDocument(
        text="Jane Doe\nSkills", kind="txt", pages=None, filename="document.txt"
    )
    with pytest.raises(BadRequest):
        document_from_text(" \n ")
    with pytest.raises(PayloadTooLarge):
        document_from_text("y" * (documents.MAX_TEXT_CHARS + 1))


def test_client_file_names_are_reduced_to_a_safe_base_name():
    # Given file names with a Windows path, a Unix path and control characters
    data = b"Jane Doe, engineer"

    # When files are parsed under those names, Then only a clean base name is kept
    assert parse_document(data, "C:\\Users\\jane\\My CV.txt").filename == "My CV.txt"
    assert parse_document(data, "../../etc/cv\x00\n.txt").filename == "cv.txt"
    assert parse_document(data, None).filename == "document.txt"


# ---------------------------------------------------------------- kind detection


def test_pdf_bytes_named_txt_are_read_as_pdf():
    # Given a real PDF uploaded under a .txt name
    # When it is parsed
    parsed = parse_document(cv_pdf(), "cv.txt", "text/plain")

    # Then the content decides: it is read as a PDF
    assert (parsed.kind, parsed.pages, parsed.filename) == ("pdf", 2, "cv.txt")
    assert "Senior Backend Engineer" in parsed.text


@pytest.mark.parametrize("name, label", [("cv.pdf", "PDF"), ("cv.docx", "Word document")])
def test_text_named_as_pdf_or_docx_is_a_damaged_file(name, label):
    # Given plain text uploaded under a PDF or Word name
    # When it is parsed, Then it is refused as a damaged file of the named kind
    message = refused(CV_TEXT.encode(), name, BadRequest)
    assert message == f"The file is named as a {label} but is not a valid one."


def test_media_type_is_used_when_the_name_has_no_extension():
    # Given text uploaded without an extension, under various media types
    data = CV_TEXT.encode()

    # When it is parsed, Then a neutral or text type is read, a PDF claim or an image type refused
    assert parse_document(data, "resume", "text/plain; charset=utf-8").kind == "txt"
    assert parse_document(data, None, "application/octet-stream").kind == "txt"
    refused(data, None, BadRequest, "application/pdf")
    refused(data, "resume", UnsupportedMediaType, "image/png")


def test_unknown_extension_defers_to_the_media_type_then_the_content():
    # Given text uploaded as an .exe with its media type, and as "Jane.Smith" with none
    data = CV_TEXT.encode()

    # When they are parsed, Then the program type is refused and the dotted name read as text
    message = refused(data, "cv.exe", UnsupportedMediaType, "application/x-msdownload")
    assert message == "This type of file is not supported. Upload the CV as a text-based .pdf, a .docx or a .txt file."
    assert parse_document(data, "CV_Jane.Smith").kind == "txt"


def test_known_foreign_formats_are_named_in_the_refusal():
    # Given a PNG image named cv.pdf and an RTF document named cv.txt
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)

    # When they are parsed, Then the message says what the file really is
    assert refused(png, "cv.pdf", UnsupportedMediaType).startswith("The file is a PNG image.")
    assert refused(b"{\\rtf1\\ansi Jane Doe}", "cv.txt", UnsupportedMediaType).startswith("The file is an RTF")


def test_ole_container_is_a_legacy_doc_or_a_protected_docx():
    # Given an OLE2 compound file (legacy .doc, or the wrapper Word uses for password-protected .docx)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)

    # When it is named .doc, Then it is unsupported; named .docx, Then it is a protected document
    assert "legacy Word (.doc)" in refused(ole, "cv.doc", UnsupportedMediaType)
    assert "password-protected" in refused(ole, "cv.docx", BadRequest)


# ---------------------------------------------------------------- PDF


def test_two_page_pdf_text_is_extracted_in_page_order():
    # Given a two-page PDF CV with accented text
    data = text_pdf([["Zoë Müller", "Experience", "Café (Paris) 2019 - 2023"], ["Education", "École 42"]])

    # When it is parsed
    parsed = parse_document(data, "cv.pdf", "application/pdf")

    # Then both pages' lines come out, in order, with the page count
    assert parsed == ParsedDocument(
        text="Zoë Müller\nExperience\nCafé (Paris) 2019 - 2023\n\nEducation\nÉcole 42",
        kind="pdf",
        pages=2,
        filename="cv.pdf",
    )


@pytest.mark.parametrize(
    "encrypt",
    [
        {"user_password": "secret", "algorithm": "RC4-128"},
        {"user_password": "", "owner_password": "owner", "algorithm": "RC4-128"},
        {"user_password": "secret", "algorithm": "AES-128"},
    ],
    ids=["rc4-password", "rc4-owner-only", "aes-password"],
)
def test_encrypted_pdfs_are_refused(encrypt):
    # Given a PDF CV encrypted by pypdf (even one that opens without a password)
    data = rewritten(cv_pdf(), **encrypt)

    # When it is parsed, Then it is refused as encrypted
    message = refused(data, "cv.pdf", BadRequest)
    assert message == "The PDF is encrypted or password-protected; export it again without protection."


def test_pdf_with_too_many_pages_is_refused():
    # Given a PDF with one page more than the limit
    data = blank_pdf(documents.PDF_MAX_PAGES + 1)

    # When it is parsed, Then it is refused as too large, naming both counts
    assert refused(data, "cv.pdf", PayloadTooLarge) == "The PDF has 21 pages; at most 20 are accepted."


def test_image_only_and_blank_pdfs_are_refused_as_without_text():
    # Given a blank PDF and a PDF whose only page draws an image (a scan)
    image = _stream(b"\x80", b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray ")
    image += b" /BitsPerComponent 8"
    scanned = one_page_pdf(b"q 612 0 0 792 0 0 cm /Im1 Do Q", b"<< /XObject << /Im1 5 0 R >> >>", [image])

    # When they are parsed, Then each is refused with a hint about scans
    for data in (blank_pdf(1), scanned):
        assert "no extractable text (it may be a scanned image)" in refused(data, "cv.pdf", UnsupportedMediaType)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + bytes(range(256)) * 40,
        cv_pdf()[: len(cv_pdf()) * 6 // 10],
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
    ],
    ids=["garbage-after-header", "truncated", "no-page-tree"],
)
def test_corrupt_pdfs_are_bad_requests_without_library_text(data):
    # Given a damaged PDF
    # When it is parsed, Then the client gets the fixed message, not pypdf's exception text
    message = refused(data, "cv.pdf", BadRequest)
    assert message == "The PDF is damaged or too complex to read; export it again from your editor."


def test_pdf_page_tree_loop_is_refused():
    # Given a PDF whose page tree points back to itself
    data = _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        ]
    )

    # When it is parsed, Then it is refused as damaged, quickly
    assert "damaged or too complex" in refused(data, "cv.pdf", BadRequest)


def test_pdf_self_referencing_objects_and_form_loops_end_quickly():
    # Given a page whose contents reference themselves, and a form XObject that draws itself
    self_reference = _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"4 0 R",
        ]
    )
    form = _stream(
        b"/X1 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /X1 5 0 R >> >> "
    )
    form_loop = one_page_pdf(b"/X1 Do", b"<< /XObject << /X1 5 0 R >> >>", [form])

    # When they are parsed, Then both end at once with a refusal (no text could be read)
    for data in (self_reference, form_loop):
        refused(data, "cv.pdf", UnsupportedMediaType)


def test_pdf_form_fan_out_is_bounded_by_the_form_call_limit():
    # Given a page drawing a form that draws the next one ten times, seven levels deep (10^6 calls)
    font = b"<< /Font << /F1 4 0 R >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /XObject << /X 5 0 R >> >> "
        b"/Contents 12 0 R >>" % font,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for level in range(7):
        resources = font + (b" /XObject << /X %d 0 R >> >>" % (6 + level) if level < 6 else b" >>")
        content = b"/X Do " * 10 if level < 6 else b"BT /F1 12 Tf (Experience) Tj ET"
        objects.append(_stream(content, b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources %s " % resources))
    objects.append(_stream(b"/X Do"))

    # When it is parsed
    started = time.monotonic()
    parsed = parse_document(_pdf(objects), "cv.pdf")

    # Then extraction stops at the form call limit, in bounded time
    assert time.monotonic() - started < HOSTILE_SECONDS
    assert 0 < parsed.text.count("Experience") <= documents.PDF_MAX_FORM_CALLS


def test_deeply_nested_pdf_objects_are_refused():
    # Given a PDF whose font resource is an array nested 100,000 levels deep
    deep = b"[" * 100_000 + b"]" * 100_000
    data = one_page_pdf(b"BT /F1 12 Tf (Jane) Tj ET", b"<< /Font << /F1 5 0 R >> >>", [deep])

    # When it is parsed, Then the recursion is caught and reported as a damaged file
    assert "damaged or too complex" in refused(data, "cv.pdf", BadRequest)


def compressed_page(content: bytes) -> bytes:
    """A one-page PDF with a Helvetica font and a Flate-compressed content stream."""
    return one_page_pdf(content, b"<< /Font << /F1 5 0 R >> >>", [FONT], compress=True)


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def test_pdf_decompression_bomb_is_not_expanded():
    # Given a page whose content stream inflates from about 50 KB to 50 MB
    data = compressed_page(b" " * 50_000_000)

    # When it is parsed, Then it is refused quickly (the stream is cut at PDF_MAX_STREAM_BYTES)
    assert len(data) < 100_000
    assert "damaged or too complex" in refused(data, "cv.pdf", BadRequest)


def test_pdf_stream_with_too_many_operators_is_refused():
    # Given a 9 KB PDF whose page draws 700,000 strings (half a minute of work for pypdf unbounded)
    data = compressed_page(b"BT /F1 1 Tf " + b"(xy) Tj " * 700_000 + b" ET")

    # When it is parsed, Then the work limit refuses it (or, on a loaded machine, the time budget first)
    detail = refused(data, "cv.pdf", BadRequest)
    assert "damaged or too complex" in detail or "took too long" in detail


def test_pdf_page_showing_too_much_text_is_refused_mid_page():
    # Given a page that shows 25,000 two-letter strings
    data = compressed_page(b"BT /F1 1 Tf " + b"(xy) Tj " * 25_000 + b" ET")

    # When it is parsed, Then it is refused once the page passes PDF_MAX_PAGE_CHARS
    assert refused(data, "cv.pdf", PayloadTooLarge) == "A page of the PDF shows more than 40,000 characters."


def test_pdf_javascript_is_ignored_and_the_text_read():
    # Given a PDF CV with an OpenAction script and a document-level JavaScript name tree
    scripts = (
        b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\);) >> "
        b"/Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (this.print\\(\\);) >>] >> >> "
    )
    data = text_pdf([["Jane Doe", "Experience"]], scripts)

    # When it is parsed, Then only the page text comes out
    assert parse_document(data, "cv.pdf").text == "Jane Doe\nExperience"


def test_pdf_page_limit_hit_inside_a_form_is_still_reported():
    # Given a page whose only operator draws a form showing 25,000 two-letter strings
    resources = b"/Resources << /Font << /F1 6 0 R >> >> "
    form = _stream(b"BT /F1 1 Tf " + b"(xy) Tj " * 25_000 + b" ET", b"/Type /XObject /Subtype /Form " + resources)
    data = one_page_pdf(b"/X1 Do", b"<< /XObject << /X1 5 0 R >> >>", [form, FONT])

    # When it is parsed (pypdf swallows errors raised inside forms)
    # Then the page limit is still what the client hears about
    assert refused(data, "cv.pdf", PayloadTooLarge) == "A page of the PDF shows more than 40,000 characters."


def test_pdf_reading_stops_at_the_time_budget_within_a_page(monkeypatch):
    # Given a half-second budget and one page drawing 400 times a form of 5,000 operators (10 s of work)
    monkeypatch.setattr(documents, "PDF_PARSE_SECONDS", 0.5)
    resources = b"/Resources << /Font << /F1 6 0 R >> >> "
    form = _stream(b"1 0 0 1 0 0 cm " * 5_000, b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] " + resources)
    data = one_page_pdf(b"/X1 Do " * 400, b"<< /XObject << /X1 5 0 R >> >>", [form, FONT])

    # When it is parsed, Then extraction stops inside the page with a clear message
    started = time.monotonic()
    assert "took too long to read" in refused(data, "cv.pdf", BadRequest)
    assert time.monotonic() - started < 0.5 + 2.0


def test_pdf_text_limit_stops_reading_early(monkeypatch):
    # Given a text limit smaller than the first of two pages
    monkeypatch.setattr(documents, "MAX_TEXT_CHARS", 100)

    # When the CV PDF is parsed, Then it is refused as too large
    assert refused(cv_pdf(), "cv.pdf", PayloadTooLarge) == "The document holds more than 100 characters of text."


# ---------------------------------------------------------------- DOCX


def test_docx_paragraphs_tables_and_header_are_extracted():
    # Given a Word CV made with python-docx
    # When it is parsed
    parsed = parse_document(cv_docx(), "cv.docx")

    # Then the header, headings, paragraphs and table rows come out in order, a merged cell once
    assert parsed.kind == "docx" and parsed.pages is None
    assert parsed.text == (
        "Jane Doe - jane.doe@example.com\nExperience\nAcme Payments - Senior Backend Engineer, Mar 2020 - Present\n"
        "Skills\nPython | 8 years\nPostgreSQL and AWS\nEducation\nMSc Computer Science, 2014 - 2016"
    )


TEXT_BOX_RUN = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent>
    <mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>
      <w:p><w:r><w:t>Phone: +44 20 7946 0958</w:t></w:r></w:p>
    </w:txbxContent></wps:txbx></w:drawing></mc:Choice>
    <mc:Fallback><w:pict><v:textbox><w:txbxContent>
      <w:p><w:r><w:t>Phone: +44 20 7946 0958</w:t></w:r></w:p>
    </w:txbxContent></v:textbox></w:pict></mc:Fallback>
  </mc:AlternateContent>
</w:r>"""


def test_docx_text_boxes_are_read_once_and_vertical_merges_once():
    # Given a Word CV with a text box (stored twice by Word) and a cell merged over two rows
    document = docx.Document()
    document.add_paragraph("Jane Doe").add_run()._r.addnext(docx.oxml.parse_xml(TEXT_BOX_RUN))
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Acme"
    table.cell(0, 1).text = "2019 - 2021"
    table.cell(1, 1).text = "2021 - 2023"
    out = io.BytesIO()
    document.save(out)

    # When it is parsed
    text = parse_document(out.getvalue(), "cv.docx").text

    # Then the text box and the merged cell each appear once
    assert text == "Jane Doe\nAcme | 2019 - 2021\n2021 - 2023\nPhone: +44 20 7946 0958"


def test_docx_without_text_is_a_bad_request():
    # Given an empty Word document
    out = io.BytesIO()
    docx.Document().save(out)

    # When it is parsed, Then it is refused as holding no text
    assert refused(out.getvalue(), "cv.docx", BadRequest) == "The Word document contains no text."


def test_zip_bomb_over_the_uncompressed_limit_is_refused_before_parsing():
    # Given a .docx whose document part inflates to 25 MB (about 25 KB compressed)
    members = docx_members()
    members["word/document.xml"] = b" " * (25 * 1024 * 1024)

    # When it is parsed, Then the declared sizes refuse it as too large
    message = refused(zip_of(members), "cv.docx", PayloadTooLarge)
    assert re.fullmatch(r"The Word document unpacks to 25\.\d MB; the limit is 20\.0 MB\.", message)


def test_highly_compressed_part_is_refused_as_unsafe():
    # Given a .docx under the size limit whose extra part compresses about 1000:1
    members = docx_members()
    members["word/media/padding.bin"] = bytes(10 * 1024 * 1024)

    # When it is parsed, Then it is refused by the compression ratio check
    assert "compressed abnormally" in refused(zip_of(members), "cv.docx", BadRequest)


def test_zip_with_lying_sizes_is_refused():
    # Given a .docx whose document part declares 100 bytes but inflates to 5 MB
    members = docx_members()
    members["word/document.xml"] = b"<" * (5 * 1024 * 1024)
    data = bytearray(zip_of(members))
    struct.pack_into("<I", data, _find_central(data, "word/document.xml") + 24, 100)

    # When it is parsed, Then zipfile stops at the declared size and the CRC check refuses it
    assert "damaged" in refused(bytes(data), "cv.docx", BadRequest)


def _find_central(data: bytearray, name: str) -> int:
    """Offset of the central directory record whose name is `name`."""
    for match in re.finditer(rb"PK\x01\x02", bytes(data)):
        name_length = struct.unpack_from("<H", data, match.start() + 28)[0]
        if data[match.start() + 46 : match.start() + 46 + name_length] == name.encode():
            return match.start()
    raise AssertionError(f"{name} not in the archive")


def test_zip_that_is_not_a_docx_is_unsupported():
    # Given a ZIP of notes named like a Word file
    data = zip_of({"notes.txt": b"hello", "photo.jpg": b"\xff\xd8\xff"})

    # When it is parsed, Then it is refused as not being a Word document
    assert "ZIP archive, not a Word (.docx) document" in refused(data, "cv.docx", UnsupportedMediaType)


def test_encrypted_zip_entries_are_refused():
    # Given a .docx whose document part has the ZIP "encrypted" flag set
    data = bytearray(zip_of(docx_members()))
    entry = _find_central(data, "word/document.xml")
    struct.pack_into("<H", data, entry + 8, struct.unpack_from("<H", data, entry + 8)[0] | 0x1)

    # When it is parsed, Then it is refused as encrypted
    assert "encrypted" in refused(bytes(data), "cv.docx", BadRequest)


def test_zip_with_too_many_members_is_refused():
    # Given a .docx padded with more parts than allowed
    members = docx_members()
    members.update({f"customXml/item{index}.xml": b"<a/>" for index in range(documents.DOCX_MAX_MEMBERS)})

    # When it is parsed, Then it is refused, naming the count
    assert f"at most {documents.DOCX_MAX_MEMBERS} are accepted" in refused(zip_of(members), "cv.docx", BadRequest)


@pytest.mark.parametrize(
    "breakage",
    ["truncated", "broken-xml", "no-content-types"],
)
def test_damaged_docx_is_a_bad_request(breakage):
    # Given a Word CV damaged in one of several ways
    members = docx_members()
    if breakage == "truncated":
        data = cv_docx()[:3000]
    else:
        if breakage == "broken-xml":
            members["word/document.xml"] = b"<w:document><w:body><w:p>"
        else:
            del members["[Content_Types].xml"]
        data = zip_of(members)

    # When it is parsed, Then the client gets a fixed message
    assert "damaged" in refused(data, "cv.docx", BadRequest)


def test_macro_enabled_word_file_is_unsupported():
    # Given a Word file whose main part is declared macro-enabled (.docm)
    members = docx_members()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.ms-word", b"application/vnd.ms-word"
    )

    # When it is parsed, Then it is refused as not a plain .docx
    assert "Only plain Word documents" in refused(zip_of(members), "cv.docm", UnsupportedMediaType)


# ---------------------------------------------------------------- CV heuristic


@pytest.mark.parametrize("text", [CV_TEXT, FRENCH_CV], ids=["english", "french"])
def test_real_looking_cvs_pass(text):
    # Given a CV in English or French
    # When it is judged
    verdict = looks_like_cv(text)

    # Then it is a CV, with its section headings and contact details among the signals
    assert verdict.is_cv and verdict.score >= documents.CV_MIN_SCORE and verdict.reason == ""
    assert {"experience section", "education section", "skills section", "email", "phone number"} <= set(verdict.found)


def test_english_cv_scores_every_signal():
    # Given the English CV (5 section kinds, email, phone, profile links, 3 date ranges)
    # When it is judged, Then the score is capped sections 45 + contact 30 + dates 20
    assert looks_like_cv(CV_TEXT) == CvVerdict(
        is_cv=True,
        score=95,
        found=(
            "experience section",
            "education section",
            "skills section",
            "summary section",
            "languages section",
            "email",
            "phone number",
            "profile link",
            "3 date ranges",
        ),
        reason="",
    )


@pytest.mark.parametrize("text", [RECIPE, LOREM], ids=["recipe", "lorem"])
def test_recipe_and_lorem_ipsum_are_not_cvs(text):
    # Given a long enough text that is not a CV
    # When it is judged
    verdict = looks_like_cv(text)

    # Then it is refused for lack of CV signals
    assert verdict == CvVerdict(
        is_cv=False, score=0, found=(), reason="no CV sections, contact details or dates were found"
    )


def test_job_advert_is_not_a_cv():
    # Given a job advert, which shares section names and an email with CVs
    # When it is judged
    verdict = looks_like_cv(JOB_ADVERT)

    # Then its advert phrases pull it under the threshold
    assert not verdict.is_cv
    assert verdict.found == (
        "experience section",
        "education section",
        "skills section",
        "email",
        "6 job-advert phrases",
    )
    assert verdict.score == 45 + 15 - 45


def test_short_text_is_not_a_cv():
    # Given a one-line text
    # When it is judged, Then it is too short whatever it says
    verdict = looks_like_cv("Experience: Python. Education: MSc. jane@example.com")
    assert not verdict.is_cv and verdict.reason == "it is too short (5 words; a CV has at least 40)"


@pytest.mark.parametrize("token", ["x" * 99_000, "a." * 49_000, "a@" * 49_000, "+1" * 49_000, "a-b.c+d@e-f.g " * 7_000])
def test_cv_check_and_chunking_stay_fast_on_hostile_tokens(token):
    # Given a maximum-length text made of one pathological token (a regex backtracking trap)
    text = token + " word" * 50

    # When it is judged and chunked, Then both finish quickly
    started = time.monotonic()
    looks_like_cv(text)
    chunk_text(text)
    assert time.monotonic() - started < HOSTILE_SECONDS


def test_assert_cv_returns_the_verdict_or_raises_415_with_a_hint():
    # Given a CV and a recipe
    # When each is asserted, Then the CV passes and the recipe raises UnsupportedMediaType
    assert assert_cv(CV_TEXT).is_cv
    with pytest.raises(UnsupportedMediaType) as caught:
        assert_cv(RECIPE)
    assert caught.value.status == 415
    assert caught.value.detail == (
        "The file does not look like a CV: no CV sections, contact details or dates were found. "
        "A CV usually has sections such as Experience, Education and Skills, contact details and dated positions."
    )


def test_parsed_pdf_cv_passes_the_cv_check():
    # Given the two-page PDF CV
    # When it is parsed and judged, Then it is a CV
    assert looks_like_cv(parse_document(cv_pdf(), "cv.pdf").text).is_cv


# ---------------------------------------------------------------- chunking


def _random_text(seed: int, paragraphs: int) -> str:
    """Paragraphs of sentences of random words (with some long words) from a fixed seed."""
    rng = random.Random(seed)
    vocabulary = [f"w{index}" + "x" * rng.randrange(12) for index in range(300)]
    vocabulary.append("y" * 1900)
    blocks = []
    for _ in range(paragraphs):
        sentences = [
            " ".join(rng.choices(vocabulary, k=rng.randrange(3, 30))) + "." for _ in range(rng.randrange(1, 8))
        ]
        blocks.append(("\n" if rng.random() < 0.3 else " ").join(sentences))
    return "\n\n".join(blocks)


def test_chunk_text_of_nothing_is_nothing_and_of_a_short_text_is_itself():
    # Given empty, blank and short texts
    # When they are chunked, Then blank gives no chunk and a short text one chunk, itself
    assert chunk_text("") == [] and chunk_text(" \n\n ") == []
    assert chunk_text("  Jane Doe, engineer.  ") == ["Jane Doe, engineer."]


@pytest.mark.parametrize("seed", range(12))
def test_chunks_are_bounded_ordered_overlapping_and_cover_every_word(seed):
    # Given a random multi-paragraph text
    text = _random_text(seed, paragraphs=random.Random(seed).randrange(1, 25))

    # When it is chunked twice (with no cap on the count)
    chunks = chunk_text(text, max_chars=300, overlap=60, max_chunks=10_000)

    # Then the result is deterministic, each chunk non-empty and within the size
    assert chunks == chunk_text(text, max_chars=300, overlap=60, max_chunks=10_000)
    assert chunks and all(0 < len(chunk) <= 300 for chunk in chunks)
    # And dropping each chunk's overlap rebuilds the text in order (whitespace aside)
    assert _rebuilds(chunks, 60, text) and not _rebuilds(chunks[:-1], 60, text)


def _rebuilds(chunks: list[str], overlap: int, text: str) -> bool:
    """Whether the chunks, each overlapping the text so far by at most `overlap` characters, rebuild the text.

    Whitespace is ignored. The state is the set of positions in the text that the chunks so far can reach.
    """
    target = "".join(text.split())
    positions = {0}
    for chunk in chunks:
        squeezed = "".join(chunk.split())
        positions = {
            start + len(squeezed)
            for position in positions
            for start in range(max(0, position - min(overlap, len(squeezed))), position + 1)
            if target[start : start + len(squeezed)] == squeezed
        }
    return len(target) in positions


def test_chunks_start_with_the_previous_tail():
    # Given lines of 60 characters
    text = "\n".join(f"line {index:03d} " + "z" * 50 for index in range(40))

    # When they are chunked with a 100-character overlap
    chunks = chunk_text(text, max_chars=400, overlap=100)

    # Then each chunk after the first begins with 50 to 100 characters ending the previous one
    assert len(chunks) > 1
    for previous, chunk in itertools.pairwise(chunks):
        assert any(chunk.startswith(previous[-size:].strip()) for size in range(50, 101))


def test_paragraph_boundaries_are_preferred():
    # Given paragraphs of about 250 characters
    paragraphs = [f"Paragraph {index}. " + "word " * 45 for index in range(10)]
    text = "\n\n".join(paragraph.strip() for paragraph in paragraphs)

    # When chunked at 800 characters without overlap
    chunks = chunk_text(text, max_chars=800, overlap=0)

    # Then each chunk is whole paragraphs (three of them)
    assert [chunk.count("Paragraph") for chunk in chunks] == [3, 3, 3, 1]
    assert all(chunk.startswith("Paragraph") and chunk.endswith("word") for chunk in chunks)


def test_a_word_longer_than_a_chunk_is_cut():
    # Given one 2,000-character token
    # When it is chunked at 800 without overlap, Then it is cut into pieces that rebuild it
    chunks = chunk_text("a" * 2000, max_chars=800, overlap=0)
    assert [len(chunk) for chunk in chunks] == [800, 800, 400] and "".join(chunks) == "a" * 2000


def test_a_long_text_never_exceeds_the_chunk_count_and_keeps_its_end():
    # Given a text of the maximum extracted length
    text = _random_text(99, paragraphs=2000)[: documents.MAX_TEXT_CHARS]

    # When it is chunked with the defaults
    chunks = chunk_text(text)

    # Then there are at most CHUNK_MAX_COUNT chunks and the last words are in the last chunk
    assert len(chunks) <= documents.CHUNK_MAX_COUNT
    assert chunks[-1].endswith(text.split()[-1])


def test_chunk_text_rejects_nonsensical_settings():
    # Given overlaps and sizes that cannot work
    # When chunking is asked with them, Then it is a programming error
    for kwargs in ({"max_chars": 10}, {"max_chars": 100, "overlap": 60}, {"overlap": -1}, {"max_chunks": 0}):
        with pytest.raises(ValueError):
            chunk_text("Some text.", **kwargs)
