"""Uploaded CV and job documents: read them safely, judge whether they are CVs, cut them into chunks.

Reading (`parse_document`)
    The kind is decided by the bytes first (`%PDF-` header, ZIP holding `word/document.xml`), then
    by the file name's extension, else the media type. Bytes carrying a known signature are read
    as what they are, whatever their name (a PDF named `cv.txt` is read as a PDF). Bytes without
    one are read as text, unless the name or media type claims a PDF or a Word file (then the file
    is damaged) or the media type names another kind (then it is unsupported).
    PDFs are read with pypdf, Word files with python-docx, text as UTF-8 (BOM aware, UTF-16 with a
    BOM too) falling back to cp1252, then latin-1. PDF JavaScript, actions and attachments are
    never run nor read: only page text is extracted. Encrypted PDFs are refused, even those that
    open without a password (owner-password "protection").

Limits (each a module constant below)
    ``MAX_FILE_BYTES``               5 MiB, default size of an upload (413 above it)
    ``MAX_TEXT_CHARS``               100,000 characters of extracted text (413 above it)
    ``MAX_FILENAME_CHARS``           255 characters kept of a file name
    ``TEXT_MAX_CONTROL_RATIO``       1% of control characters in a text file (415 above it)
    ``PDF_MAX_PAGES``                20 pages (413 above it)
    ``PDF_PARSE_SECONDS``            10 s budget for reading a PDF, checked between operators (400 above it)
    ``PDF_MAX_PAGE_CHARS``           40,000 characters (string bytes) shown on one PDF page (413 above it)
    ``PDF_MAX_STREAM_BYTES``         10 MB decoded per PDF stream (400 above it)
    ``PDF_MAX_STREAM_ELEMENTS``      250,000 operands and operators per content stream (400 above it)
    ``PDF_MAX_FORM_CALLS``           500 form XObjects drawn per page; the rest is skipped
    ``DOCX_MAX_MEMBERS``             500 parts in a .docx archive (400 above it)
    ``DOCX_MAX_UNCOMPRESSED_BYTES``  20 MiB of uncompressed parts (413 above it)
    ``DOCX_MAX_COMPRESSION_RATIO``   100:1 for any part of at least ``DOCX_RATIO_MIN_BYTES`` (400 above it)
    ``DOCX_RATIO_MIN_BYTES``         1 MiB, size from which a part's compression ratio is checked
    The PDF time budget and page text limit are checked at every content operator, so extraction
    stops mid-page; what cannot be interrupted, parsing one stream, is bounded by pypdf's work
    limits, tightened here (about 1.5 s at the element limit on a 2-core dev machine). The total
    text limit is checked after each page.

Errors
    Every refusal is a `DocumentError` and also one of the API errors: `UnreadableDocument`
    (400: damaged, encrypted, empty, too complex), `UnsupportedDocument` (415: not a PDF, Word or
    text file, or a PDF without text), `DocumentTooLarge` (413), `NotACv` (415). Messages never
    contain a library's exception text; the original exception is chained for the logs.

CV heuristic (`looks_like_cv`)
    A text shorter than ``CV_MIN_CHARS`` (200) characters or ``CV_MIN_WORDS`` (40) words is not a
    CV. Otherwise the score adds:
    - 15 per distinct kind of CV section heading (experience, education, skills, summary,
      projects, certifications, languages, interests/awards/references), at most 45; headings
      are recognised in English, French, German, Spanish, Portuguese, Italian and Dutch;
    - 15 for an email address, 10 for a phone number, 5 for a LinkedIn/GitHub/GitLab link;
    - 10 per date range ("2019 - 2023", "Mar 2020 – present"), at most 20;
    - minus 15 per distinct job-advert phrase ("we are looking for", "apply now"...), at most -45.
    The score is clipped to 0..100; a text is a CV when it scores at least ``CV_MIN_SCORE`` (40),
    e.g. three section headings, or contact details plus two dated positions.

Chunking (`chunk_text`)
    Chunks of at most ``CHUNK_MAX_CHARS`` (800) characters, cut at paragraph, line, sentence and
    word boundaries in that order of preference, each starting with about ``CHUNK_OVERLAP_CHARS``
    (100) characters of the previous one. At most ``CHUNK_MAX_COUNT`` (64) chunks: a longer text
    gets proportionally larger chunks rather than losing its end.
"""

from __future__ import annotations

import codecs
import io
import re
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from jobmatch.errors import ApiError, BadRequest, PayloadTooLarge, UnsupportedMediaType

if TYPE_CHECKING:
    import pypdf

DocumentKind = Literal["txt", "pdf", "docx"]

# Size of an upload accepted when the caller passes no `max_bytes` (API Gateway and Lambda cap
# synchronous payloads near 6 MB, and base64 adds a third).
MAX_FILE_BYTES = 5 * 1024 * 1024
# Characters of normalised text a document may hold; a CV is rarely above 20,000.
MAX_TEXT_CHARS = 100_000
# Characters of the client's file name that are kept.
MAX_FILENAME_CHARS = 255
# Share of control characters (other than tab and line breaks) above which a "text" file is binary.
TEXT_MAX_CONTROL_RATIO = 0.01
# Pages a PDF may have.
PDF_MAX_PAGES = 20
# Seconds spent reading one PDF before giving up; checked before every content operator.
PDF_PARSE_SECONDS = 10.0
# Characters (string bytes: 1 or 2 a character) one PDF page may show; a dense CV page shows under 10,000.
PDF_MAX_PAGE_CHARS = 40_000
# Elements (operands and operators) one content stream may hold; parsing it is not interruptible.
PDF_MAX_STREAM_ELEMENTS = 250_000
# Bytes one PDF stream may decode to (pypdf's own default is 75 MB).
PDF_MAX_STREAM_BYTES = 10_000_000
# Form XObjects drawn per page during text extraction (pypdf's default is 5,000).
PDF_MAX_FORM_CALLS = 500
# Parts (ZIP members) a .docx may hold; a CV has about 10 to 40.
DOCX_MAX_MEMBERS = 500
# Total uncompressed size of a .docx's parts.
DOCX_MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
# Uncompressed-to-compressed ratio above which a large part is taken for a ZIP bomb.
DOCX_MAX_COMPRESSION_RATIO = 100
# Uncompressed size from which a part's compression ratio is checked (small parts compress well).
DOCX_RATIO_MIN_BYTES = 1024 * 1024
# A CV has at least this many characters and words.
CV_MIN_CHARS = 200
CV_MIN_WORDS = 40
# Score (0-100) from which a text is taken for a CV; see the module docstring.
CV_MIN_SCORE = 40
# Target chunk size, overlap between consecutive chunks, and most chunks per text, for embedding.
CHUNK_MAX_CHARS = 800
CHUNK_OVERLAP_CHARS = 100
CHUNK_MAX_COUNT = 64

UPLOAD_HINT = "Upload the CV as a text-based .pdf, a .docx or a .txt file."


class DocumentError(ApiError):
    """A refused document: always the client's file, never worth a retry."""


class UnreadableDocument(DocumentError, BadRequest):
    """400: the file is damaged, encrypted, empty or too complex to read."""


class UnsupportedDocument(DocumentError, UnsupportedMediaType):
    """415: the file is not a kind of document we read, or holds no text."""


class DocumentTooLarge(DocumentError, PayloadTooLarge):
    """413: the file, its pages or its text exceed a limit."""


class NotACv(UnsupportedDocument):
    """415: the text does not look like a CV."""


@dataclass(frozen=True)
class ParsedDocument:
    """Normalised text of an uploaded document."""

    text: str
    kind: DocumentKind
    pages: int | None
    filename: str


# ---------------------------------------------------------------- public entry points


def parse_document(
    data: bytes, filename: str | None, content_type: str | None = None, *, max_bytes: int = MAX_FILE_BYTES
) -> ParsedDocument:
    """Read an uploaded .txt, .pdf or .docx file into normalised text, refusing hostile files."""
    if not data:
        raise UnreadableDocument("The file is empty.")
    if len(data) > max_bytes:
        raise DocumentTooLarge(f"The file is {_mb(len(data))}; the limit is {_mb(max_bytes)}.")
    declared = _declared_kind(filename, content_type)
    kind, text, pages = _read(data, _sniff(data), declared)
    if not text:
        raise UnreadableDocument(f"The {_LABELS[kind]} contains no text.")
    _check_length(len(text))
    return ParsedDocument(text=text, kind=kind, pages=pages, filename=_safe_filename(filename, kind))


def document_from_text(text: str, filename: str | None = None) -> ParsedDocument:
    """Wrap text sent as JSON the way `parse_document` wraps a .txt upload."""
    clean = normalize_text(text)
    if not clean:
        raise UnreadableDocument("The text is empty.")
    _check_length(len(clean))
    return ParsedDocument(text=clean, kind="txt", pages=None, filename=_safe_filename(filename, "txt"))


def normalize_text(text: str) -> str:
    """NFKC, no control/zero-width/private-use characters, single spaces, at most one blank line."""
    text = unicodedata.normalize("NFKC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _PRIVATE_USE.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = _LINE_EDGES.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff\ud800-\udfff]")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_SPACES = re.compile(r"[^\S\n]+")
_LINE_EDGES = re.compile(r" ?\n ?")
_BLANK_LINES = re.compile(r"\n{3,}")


# ---------------------------------------------------------------- kind detection

_LABELS = {"txt": "text file", "pdf": "PDF", "docx": "Word document"}
_EXTENSIONS = {".txt": "txt", ".text": "txt", ".md": "txt", ".pdf": "pdf", ".docx": "docx"}
_MEDIA_TYPES = {
    "text/plain": "txt",
    "text/markdown": "txt",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
_NEUTRAL_MEDIA_TYPES = {"", "application/octet-stream", "binary/octet-stream"}
# Word wraps a password-protected .docx in the same OLE2 container as a legacy .doc.
_OLE2 = "a legacy Word (.doc) or other old Office file"
_FOREIGN_SIGNATURES = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", _OLE2),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
)


def _sniff(data: bytes) -> str | None:
    """'zip', 'pdf' (a header in the first KiB, as readers accept), a foreign signature's description, or None."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    for signature, description in _FOREIGN_SIGNATURES:
        if data.startswith(signature):
            return description
    return None


def _declared_kind(filename: str | None, content_type: str | None) -> str | None:
    """What a known extension, else the media type, claims: a kind, 'other', or None when neither says.

    An unknown extension alone says nothing ("Jane.Smith" is a name, not a type); the content decides.
    """
    extension = _EXTENSIONS.get(_extension(filename))
    if extension:
        return extension
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type in _NEUTRAL_MEDIA_TYPES:
        return None
    return _MEDIA_TYPES.get(media_type, "other")


def _extension(filename: str | None) -> str:
    """Lower-case extension of the last path component, with its dot, or ''."""
    name = re.split(r"[/\\]", filename or "")[-1]
    stem, dot, suffix = name.rpartition(".")
    return f".{suffix.lower()}" if dot and stem and suffix else ""


def _read(data: bytes, sniffed: str | None, declared: str | None) -> tuple[DocumentKind, str, int | None]:
    """Dispatch on the sniffed kind; refuse what the bytes and the name cannot agree on."""
    if sniffed == "pdf":
        text, pages = _read_pdf(data)
        return "pdf", text, pages
    if sniffed == "zip":
        return "docx", _read_docx(data), None
    if sniffed == _OLE2 and declared == "docx":
        raise UnreadableDocument("The Word document is password-protected; save it without a password and retry.")
    if sniffed is not None:
        raise UnsupportedDocument(f"The file is {sniffed}. {UPLOAD_HINT}")
    if declared in ("pdf", "docx"):
        raise UnreadableDocument(f"The file is named as a {_LABELS[declared]} but is not a valid one.")
    if declared == "other":
        raise UnsupportedDocument(f"This type of file is not supported. {UPLOAD_HINT}")
    return "txt", _read_text(data), None


def _check_length(length: int) -> None:
    """Refuse a text over `MAX_TEXT_CHARS` characters."""
    if length > MAX_TEXT_CHARS:
        raise DocumentTooLarge(f"The document holds more than {MAX_TEXT_CHARS:,} characters of text.")


def _safe_filename(filename: str | None, kind: DocumentKind) -> str:
    """Last path component without control characters, bounded, or a default name."""
    name = re.split(r"[/\\]", filename or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[-MAX_FILENAME_CHARS:] if name else f"document.{kind}"


def _mb(size: int) -> str:
    """A byte count in MB for a message."""
    return f"{size / (1024 * 1024):.1f} MB"


# ---------------------------------------------------------------- text files


def _read_text(data: bytes) -> str:
    """Decode a text file and refuse binary content."""
    text = _decode(data)
    if "\x00" in text or len(_CONTROLS.findall(text)) > TEXT_MAX_CONTROL_RATIO * len(text):
        raise UnsupportedDocument(f"The file is not a text document. {UPLOAD_HINT}")
    return normalize_text(text)


def _decode(data: bytes) -> str:
    """UTF-16 with a BOM, else UTF-8 (BOM dropped), else cp1252, else latin-1."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableDocument("The text file is not valid UTF-16.") from exc
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


# Control characters (Unicode category Cc) other than tab, line feed, carriage return and form feed.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


# ---------------------------------------------------------------- PDF


def _pdf_limits() -> dict[str, object]:
    """pypdf configuration overrides enforcing this module's PDF limits (no external jbig2dec either)."""
    stream_limits = ("maximum_declared_stream_length", "array_based_stream_maximum_output_length")
    decoder_limits = ("zlib", "lzw", "run_length", "brotli")
    return {
        **dict.fromkeys(stream_limits, PDF_MAX_STREAM_BYTES),
        **{f"{name}_maximum_output_length": PDF_MAX_STREAM_BYTES for name in decoder_limits},
        "xform_maximum_invocations_per_extraction": PDF_MAX_FORM_CALLS,
        "stream_parsing_work_maximum_count": PDF_MAX_STREAM_ELEMENTS,
        "jbig2dec_binary": None,
    }


_PDF_BROKEN = "The PDF is damaged or too complex to read; export it again from your editor."


def _read_pdf(data: bytes) -> tuple[str, int]:
    """Text and page count of a PDF, within the limits; any pypdf failure is a clean 400."""
    import pypdf  # imported on first use: it costs 130 ms of cold start

    deadline = time.monotonic() + PDF_PARSE_SECONDS
    with pypdf.apply_configuration(**_pdf_limits()):
        try:
            reader = _open_pdf(data)
            return _pdf_text(reader, deadline), len(reader.pages)
        except DocumentError:
            raise
        # Besides its PyPdfError family, pypdf raises ValueError, KeyError, RecursionError... on
        # hostile input: whatever fails while reading the client's bytes is a bad file.
        except Exception as exc:
            raise UnreadableDocument(_PDF_BROKEN) from exc


def _open_pdf(data: bytes) -> pypdf.PdfReader:
    """A reader for an unencrypted PDF of at most `PDF_MAX_PAGES` pages."""
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    except pypdf.errors.DependencyError as exc:  # AES encryption without a crypto library
        raise _encrypted_pdf() from exc
    if reader.is_encrypted:
        raise _encrypted_pdf()
    count = len(reader.pages)
    if count > PDF_MAX_PAGES:
        raise DocumentTooLarge(f"The PDF has {count} pages; at most {PDF_MAX_PAGES} are accepted.")
    if count == 0:
        raise UnreadableDocument("The PDF has no pages.")
    return reader


def _encrypted_pdf() -> UnreadableDocument:
    """The error for any encrypted PDF, even one that opens without a password."""
    return UnreadableDocument("The PDF is encrypted or password-protected; export it again without protection.")


def _pdf_text(reader: pypdf.PdfReader, deadline: float) -> str:
    """Normalised text of every page, stopping at the time budget or the text limits."""
    texts: list[str] = []
    total = 0
    for page in reader.pages:
        guard = _PageGuard(deadline)
        raw = page.extract_text(visitor_operand_before=guard.before_operator)
        guard.check()
        text = normalize_text(raw)
        total += len(text)
        _check_length(total)
        texts.append(text)
    text = "\n\n".join(filter(None, texts))
    if not text:
        raise UnsupportedDocument(
            "The PDF contains no extractable text (it may be a scanned image). "
            "Upload a PDF exported from a word processor, a .docx or a .txt file."
        )
    return text


_SHOW_TEXT = {b"Tj", b"TJ", b"'", b'"'}


class _PageGuard:
    """Stops a page's text extraction at the time budget or the page text limit, between operators.

    pypdf swallows errors raised while it draws a form XObject, so the guard raises again at every
    later operator (ending each enclosing form at once) and `check()` raises after extraction.
    """

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.chars = 0
        self.error: DocumentError | None = None

    def before_operator(self, operator: bytes, operands: list, *_: object) -> None:
        """Count the text an operator shows; raise once over the page limit or the time budget."""
        if operator in _SHOW_TEXT:
            self.chars += sum(len(item) for item in _flat(operands) if isinstance(item, (str, bytes)))
        if self.error is None and self.chars > PDF_MAX_PAGE_CHARS:
            self.error = DocumentTooLarge(f"A page of the PDF shows more than {PDF_MAX_PAGE_CHARS:,} characters.")
        if self.error is None and time.monotonic() > self.deadline:
            self.error = UnreadableDocument("The PDF took too long to read; export it again as a simpler PDF.")
        self.check()

    def check(self) -> None:
        """Raise the error met, if any."""
        if self.error is not None:
            raise self.error


def _flat(operands: list) -> Iterator[object]:
    """Operands with the items of array operands (TJ's strings) in their place."""
    for operand in operands:
        yield from operand if isinstance(operand, list) else (operand,)


# ---------------------------------------------------------------- DOCX

_DOCX_BROKEN = "The Word document is damaged and cannot be read; save it again as .docx."
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Paragraphs of text boxes; Word stores each box twice, the copy under mc:Fallback is skipped.
_TEXT_BOXES = ".//w:txbxContent[not(ancestor::mc:Fallback)]//w:p"
_NAMESPACES = {"w": _W[1:-1], "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}


def _read_docx(data: bytes) -> str:
    """Text of a .docx after the ZIP checks; any python-docx failure is a clean 400."""
    _check_zip(data)
    try:
        return normalize_text("\n".join(_docx_lines(_open_docx(data))))
    except DocumentError:
        raise
    # python-docx, lxml and zipfile raise many types (KeyError, XMLSyntaxError, BadZipFile,
    # RecursionError...) on hostile input: all of them mean a bad file.
    except Exception as exc:
        raise UnreadableDocument(_DOCX_BROKEN) from exc


def _open_docx(data: bytes):
    """The python-docx document of a plain .docx (not a template nor a macro-enabled file)."""
    import docx.opc.constants  # imported on first use: it costs 90 ms of cold start
    import docx.package

    part = docx.package.Package.open(io.BytesIO(data)).main_document_part
    if part.content_type != docx.opc.constants.CONTENT_TYPE.WML_DOCUMENT_MAIN:
        raise UnsupportedDocument(f"Only plain Word documents (.docx) are accepted. {UPLOAD_HINT}")
    return part.document


def _check_zip(data: bytes) -> None:
    """Refuse a corrupt, encrypted, over-large or bomb-like ZIP, or one that is not a .docx."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise UnreadableDocument("The file is a damaged ZIP archive and cannot be read.") from exc
    if len(members) > DOCX_MAX_MEMBERS:
        raise UnreadableDocument(f"The archive holds {len(members)} parts; at most {DOCX_MAX_MEMBERS} are accepted.")
    if any(member.flag_bits & 0x1 for member in members):
        raise UnreadableDocument("The Word document is encrypted; save it without a password and retry.")
    _check_zip_sizes(members)
    if "word/document.xml" not in {member.filename for member in members}:
        raise UnsupportedDocument(f"The file is a ZIP archive, not a Word (.docx) document. {UPLOAD_HINT}")


def _check_zip_sizes(members: list[zipfile.ZipInfo]) -> None:
    """Refuse a ZIP whose declared sizes are too large or too compressed (zipfile enforces them)."""
    total = sum(member.file_size for member in members)
    if total > DOCX_MAX_UNCOMPRESSED_BYTES:
        raise DocumentTooLarge(
            f"The Word document unpacks to {_mb(total)}; the limit is {_mb(DOCX_MAX_UNCOMPRESSED_BYTES)}."
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= DOCX_RATIO_MIN_BYTES and ratio > DOCX_MAX_COMPRESSION_RATIO:
            raise UnreadableDocument("The Word document is compressed abnormally and was refused as unsafe.")


def _docx_lines(document) -> Iterator[str]:
    """Headers, body paragraphs and table rows in order, text boxes, then footers."""
    from docx.table import Table
    from lxml import etree

    yield from _header_footer_lines(document, "header")
    for block in document.iter_inner_content():
        yield from _table_lines(block, 0) if isinstance(block, Table) else [block.text]
    for paragraph in etree.XPath(_TEXT_BOXES, namespaces=_NAMESPACES)(document.element.body):
        yield "".join(node.text or "" for node in paragraph.iter(f"{_W}t"))
    yield from _header_footer_lines(document, "footer")


def _table_lines(table, depth: int) -> Iterator[str]:
    """One line per row, merged cells once, nested tables (a few levels) after their row."""
    seen: set[object] = set()
    for row in table.rows:
        cells = _new_cells(row.cells, seen)
        yield " | ".join(cell.text.strip() for cell in cells if cell.text.strip())
        if depth < 3:
            for cell in cells:
                for nested in cell.tables:
                    yield from _table_lines(nested, depth + 1)


def _new_cells(cells, seen: set[object]) -> list:
    """Cells not met before: python-docx repeats a merged cell at each grid position it spans."""
    fresh = []
    for cell in cells:
        if cell._tc not in seen:  # the <w:tc> element is the cell's identity (kept alive in `seen`)
            seen.add(cell._tc)
            fresh.append(cell)
    return fresh


def _header_footer_lines(document, which: str) -> Iterator[str]:
    """Paragraphs of each section's own header or footer, each distinct one once."""
    seen: set[str] = set()
    for section in document.sections:
        part = getattr(section, which)
        if part.is_linked_to_previous:
            continue
        text = "\n".join(paragraph.text for paragraph in part.paragraphs)
        if text.strip() and text not in seen:
            seen.add(text)
            yield text


# ---------------------------------------------------------------- CV heuristic


@dataclass(frozen=True)
class CvVerdict:
    """Whether a text looks like a CV, with its score and the signals found."""

    is_cv: bool
    score: int
    found: tuple[str, ...]
    reason: str


_CV_HINT = "A CV usually has sections such as Experience, Education and Skills, contact details and dated positions."
_SECTION_TERMS = {
    "experience": r"experiences?|employment|work history|career history|berufserfahrung(?:en)?|werdegang"
    r"|experiencias?|esperienz[ae]|werkervaring|ervaring|parcours professionnel",
    "education": r"education|academic background|qualifications?|formation|etudes|ausbildung|bildung|studium"
    r"|educacion|formacion|formacao|istruzione|opleidingen|opleiding",
    "skills": r"skills|competenc(?:e|ie|y)s?|expertise|technologies|tech stack|kenntnisse|fahigkeiten"
    r"|habilidades|competencias|competenze|vaardigheden",
    "summary": r"summary|profile|about me|objective|profil|a propos|zusammenfassung|perfil|resumen"
    r"|sobre mi|profilo|profiel",
    "projects": r"projects|projets|projekte|proyectos|projetos|progetti|projecten|portfolio",
    "certifications": r"certifications?|certificates?|licen[cs]es|certificats|zertifikate|zertifizierungen"
    r"|certificaciones|certificados|certificazioni|certificaten|courses|trainings?",
    "languages": r"languages|langues|sprachen|sprachkenntnisse|idiomas|lingue|talen",
    "other sections": r"interests|hobbies|awards|achievements|references|publications|volunteer(?:ing)?"
    r"|centres d'interet|interessen|intereses",
}
_SECTIONS = {name: re.compile(rf"\b(?:{terms})\b") for name, terms in _SECTION_TERMS.items()}
# Bounded repeats and a match only at the start of a token keep these linear on hostile text.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,6}")
_PHONE = re.compile(
    r"(?:\+|\b00)\d[\d ().-]{6,18}\d"
    r"|\b(?:phone|tel|mobile|cell|telephone|telefon|telefono|movil|cellulare)\b\W{0,3}\(?\d[\d ().-]{5,18}\d"
    r"|\(?\b\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b"
    r"|\b0\d(?:[ .]\d\d){4}\b"
)
_PROFILE = re.compile(r"\b(?:linkedin\.com/in|github\.com|gitlab\.com)/[\w-]+")
_MONTH = r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? |\d{1,2}[/.])?"
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_DATE_RANGE = re.compile(
    rf"\b{_MONTH}{_YEAR} ?(?:-|–|—|to|until|bis|a|al|au) ?"
    rf"(?:{_MONTH}{_YEAR}\b|present|current|now|today|ongoing|aujourd'hui|heute|actualidad|presente|hoy|oggi|heden)"
)
_JOB_AD = re.compile(
    r"we are looking for|we're looking for|we are hiring|what you'll do|what you will do|what we offer"
    r"|we offer|apply now|how to apply|job description|about the role|the ideal candidate"
    r"|equal opportunity employer|you will be responsible|nous recherchons|wir suchen|buscamos"
)


def looks_like_cv(text: str) -> CvVerdict:
    """Score a text for CV signals (see the module docstring for the scale and the threshold)."""
    words = len(text.split())
    if len(text.strip()) < CV_MIN_CHARS or words < CV_MIN_WORDS:
        reason = f"it is too short ({words} words; a CV has at least {CV_MIN_WORDS})"
        return CvVerdict(is_cv=False, score=0, found=(), reason=reason)
    folded = _fold(text)
    found, score = _cv_signals(folded)
    score = max(0, min(100, score))
    is_cv = score >= CV_MIN_SCORE
    return CvVerdict(is_cv=is_cv, score=score, found=tuple(found), reason="" if is_cv else _weak_reason(found))


def assert_cv(text: str) -> CvVerdict:
    """The verdict of `looks_like_cv`, or `NotACv` (415) with the reason and a hint."""
    verdict = looks_like_cv(text)
    if not verdict.is_cv:
        raise NotACv(f"The file does not look like a CV: {verdict.reason}. {_CV_HINT}")
    return verdict


def _fold(text: str) -> str:
    """Lower case without accents, for matching."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _cv_signals(folded: str) -> tuple[list[str], int]:
    """Names of the signals found and the raw score."""
    sections = _sections(folded)
    found = [f"{name} section" for name in sections]
    score = 15 * min(len(sections), 3)
    for name, pattern, points in (("email", _EMAIL, 15), ("phone number", _PHONE, 10), ("profile link", _PROFILE, 5)):
        if pattern.search(folded):
            found.append(name)
            score += points
    ranges = len(_DATE_RANGE.findall(folded))
    if ranges:
        found.append(f"{ranges} date range{'s' if ranges > 1 else ''}")
    adverts = len(set(_JOB_AD.findall(folded)))
    if adverts:
        found.append(f"{adverts} job-advert phrase{'s' if adverts > 1 else ''}")
    return found, score + 10 * min(ranges, 2) - 15 * min(adverts, 3)


def _sections(folded: str) -> list[str]:
    """Kinds of CV section headings present: a short line, or the label before a colon."""
    labels = [line.split(":", 1)[0].strip(" \t-*#•|") for line in folded.splitlines()]
    labels = [label for label in labels if 3 <= len(label) <= 40]
    return [name for name, pattern in _SECTIONS.items() if any(pattern.search(label) for label in labels)]


def _weak_reason(found: list[str]) -> str:
    """Why a long enough text was not taken for a CV."""
    if not found:
        return "no CV sections, contact details or dates were found"
    return "only " + ", ".join(found) + " were found"


# ---------------------------------------------------------------- chunking

_SPLIT_LEVELS = (
    (re.compile(r"\n\s*\n"), "\n\n"),
    (re.compile(r"\n"), "\n"),
    (re.compile(r"(?<=[.!?;])\s+"), " "),
    (re.compile(r"\s+"), " "),
)


def chunk_text(
    text: str,
    max_chars: int = CHUNK_MAX_CHARS,
    overlap: int = CHUNK_OVERLAP_CHARS,
    max_chunks: int = CHUNK_MAX_COUNT,
) -> list[str]:
    """Deterministic overlapping chunks on natural boundaries; see the module docstring."""
    if max_chars < 20 or not 0 <= overlap <= max_chars // 2 or max_chunks < 1:
        raise ValueError("chunk_text needs max_chars >= 20, 0 <= overlap <= max_chars / 2 and max_chunks >= 1")
    text = text.strip()
    if not text:
        return []
    size = max_chars
    while True:
        chunks = _pack(_units(text, size), size, overlap)
        if len(chunks) <= max_chunks:
            return chunks
        size += size // 4 + 1


def _units(text: str, size: int, level: int = 0, separator: str = "") -> Iterator[tuple[str, str]]:
    """(separator, piece) pairs: the largest natural pieces of at most `size` characters."""
    if len(text) <= size:
        yield separator, text
        return
    if level == len(_SPLIT_LEVELS):
        for start in range(0, len(text), size):
            yield (separator if start == 0 else ""), text[start : start + size]
        return
    pattern, joiner = _SPLIT_LEVELS[level]
    parts = [part.strip() for part in pattern.split(text)]
    for index, part in enumerate(filter(None, parts)):
        yield from _units(part, size, level + 1, separator if index == 0 else joiner)


def _pack(units: Iterator[tuple[str, str]], size: int, overlap: int) -> list[str]:
    """Greedily join pieces into chunks of at most `size`, each new chunk led by the previous tail."""
    chunks: list[str] = []
    current = ""
    for separator, unit in units:
        if current and len(current) + len(separator) + len(unit) <= size:
            current += separator + unit
            continue
        if current:
            chunks.append(current)
            tail = _tail(current, overlap)
            current = tail + separator + unit if tail and len(tail) + len(separator) + len(unit) <= size else unit
        else:
            current = unit
    chunks.append(current)
    return chunks


def _tail(chunk: str, overlap: int) -> str:
    """About the last `overlap` characters of a chunk, starting at a word."""
    if overlap == 0 or len(chunk) <= overlap:
        return ""
    tail = chunk[-overlap:]
    if not chunk[-overlap - 1].isspace() and re.search(r"\s", tail):
        tail = re.split(r"\s", tail, maxsplit=1)[1]
    return tail.strip()
