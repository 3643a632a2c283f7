"""Uploaded draft files (.docx, .pdf, .txt) turned into the plain text the draft parser reads.

The type is decided by the content (magic bytes), never by the file name. A Word file is a zip: its
member count and unpacked size are capped before anything is read. Word paragraphs keep their
reading labels (automatic numbering is rendered as the reader sees it), footnotes come from
footnotes.xml and tracked changes are read as accepted. PDF text comes from pdfminer.six, measured
against pypdf on our fixtures (``python -m bench files``): both keep the reading order of a
single-column draft and pypdf is several times faster, but pdfminer gives every glyph's box and
size, which is what tells a footnote area (smaller type under the body) and a superscript marker
from body text; pypdf reports positions per text operation only and lost both on our footnote
fixture. pdfminer's own layout analysis is skipped (glyphs are grouped into lines here), which
halves its time.

Every refusal is a :class:`FileRefused` naming the problem; nothing is stored before the text is read.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from confmgr.core.errors import DomainError
from confmgr.drafts.structure import is_artefact, to_superscript

DOCX_MAX_MEMBERS = 500
DOCX_MAX_UNPACKED = 64 * 1024 * 1024
FOOTNOTE_SEPARATOR = "__________________"
KINDS = ("docx", "pdf", "txt")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W


class FileRefused(DomainError):
    """An uploaded file that cannot be read as a draft."""

    status = 422

    def __init__(self, message: str, code: str, status: int | None = None):
        super().__init__(message, code=code, field="file")
        if status is not None:
            self.status = status


@dataclass
class Upload:
    """What a file gave: the text for the parser and notes on how it was read."""

    name: str
    kind: str
    text: str
    notes: list[str] = field(default_factory=list)
    tracked_changes: dict = field(default_factory=dict)

    def report(self) -> dict:
        return {"name": self.name, "type": self.kind, "notes": list(self.notes),
                "tracked_changes": dict(self.tracked_changes)}


def sniff(data: bytes) -> str | None:
    """The file's kind from its first bytes: docx, pdf, txt, or None when it is none of them."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if b"\x00" in data[:8192]:
        return None
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return "txt"


def read_upload(name: str, data: bytes, *, max_chars: int) -> Upload:
    """Read an uploaded file; raise FileRefused with a sentence naming the problem."""
    name = (name or "upload").strip() or "upload"
    if not data:
        raise FileRefused(f"file: {name} is empty", "file_empty")
    kind = sniff(data)
    if kind == "ole":
        raise FileRefused(f"file: {name} is an encrypted Word file or an old .doc file; remove the password "
                          "or save it as .docx and upload it again", "file_encrypted_or_doc")
    if kind is None:
        raise FileRefused(f"file: {name} is not a Word (.docx), PDF or UTF-8 text file", "file_type", status=415)
    if kind == "txt":
        upload = Upload(name, "txt", data.decode("utf-8-sig"))
    elif kind == "docx":
        upload = read_docx(name, data)
    else:
        upload = read_pdf(name, data)
    if len(upload.text) > max_chars:
        raise FileRefused(f"file: {name} holds {len(upload.text)} characters of text, over the limit of "
                          f"{max_chars}", "file_too_large", status=413)
    return upload


# --------------------------------------------------------------------------- Word

def _open_docx_zip(name: str, data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileRefused(f"file: {name} looks like a Word file but is not a valid zip archive "
                          "(damaged or truncated); save it again as .docx", "docx_not_zip") from None
    members = archive.infolist()
    if len(members) > DOCX_MAX_MEMBERS:
        raise FileRefused(f"file: {name} holds {len(members)} parts, more than the {DOCX_MAX_MEMBERS} a Word "
                          "document may have", "docx_too_many_members")
    unpacked = sum(m.file_size for m in members)
    if unpacked > DOCX_MAX_UNPACKED:
        raise FileRefused(f"file: {name} unpacks to {unpacked // (1024 * 1024)} MiB, over the limit of "
                          f"{DOCX_MAX_UNPACKED // (1024 * 1024)} MiB", "docx_unpacked_too_large", status=413)
    names = {m.filename for m in members}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise FileRefused(f"file: {name} is a zip archive but not a Word document (no word/document.xml)",
                          "docx_not_word")
    return archive


def read_docx(name: str, data: bytes) -> Upload:
    import docx

    _open_docx_zip(name, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds of errors for a broken package; say it plainly
        raise FileRefused(f"file: {name} could not be read as a Word document; open it in Word and save it "
                          "again as .docx", "docx_unreadable") from None
    reader = _WordReader(document)
    text = reader.text()
    upload = Upload(name, "docx", text, tracked_changes=dict(reader.changes))
    ins, dels = reader.changes["insertions"], reader.changes["deletions"]
    if ins or dels:
        upload.notes.append(f"{ins + dels} tracked changes read as accepted ({ins} insertions, {dels} deletions)")
    if reader.footnotes_used:
        upload.notes.append(f"{reader.footnotes_used} footnotes read from the Word footnotes")
    if not text.strip():
        raise FileRefused(f"file: {name} holds no text", "file_no_text")
    return upload


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": lambda n: _letters(n),
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": lambda n: _roman(n),
    "upperRoman": lambda n: _roman(n).upper(),
    "none": lambda n: "",
}


def _letters(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa (as Word and the United Nations count)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    from confmgr.drafts.structure import int_to_roman

    return int_to_roman(n)


@dataclass
class _Level:
    start: int
    fmt: str
    text: str
    suffix: str


class _Numbering:
    """Automatic numbering: numbering.xml's lists and levels, counted as Word counts them."""

    def __init__(self, document):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.iter(_W + "abstractNum"):
            self.abstract[abstract.get(_W + "abstractNumId")] = {
                int(lvl.get(_W + "ilvl")): self._level(lvl) for lvl in abstract.iter(_W + "lvl")}
        for num in root.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            starts, levels = {}, {}
            for override in num.iter(_W + "lvlOverride"):
                ilvl = int(override.get(_W + "ilvl"))
                start = override.find(_W + "startOverride")
                if start is not None:
                    starts[ilvl] = int(start.get(_W + "val"))
                lvl = override.find(_W + "lvl")
                if lvl is not None:
                    levels[ilvl] = self._level(lvl)
            self.nums[num.get(_W + "numId")] = (ref.get(_W + "val") if ref is not None else "", starts, levels)

    @staticmethod
    def _level(lvl) -> _Level:
        def val(tag, default):
            el = lvl.find(_W + tag)
            return el.get(_W + "val") if el is not None and el.get(_W + "val") is not None else default

        return _Level(int(val("start", "1")), val("numFmt", "decimal"), val("lvlText", ""), val("suff", "tab"))

    def label(self, num_id: str, ilvl: int) -> str:
        """The label of the next paragraph of list num_id at level ilvl, counting it."""
        if num_id not in self.nums or num_id == "0":
            return ""
        abstract_id, starts, overrides = self.nums[num_id]
        levels = {**self.abstract.get(abstract_id, {}), **overrides}
        # lists that override their start count on their own (a restart); the others share their abstract list
        key = num_id if starts or overrides else f"abstract:{abstract_id}"
        counters = self.counters.setdefault(key, {})
        if key not in self.started:
            self.started.add(key)
            for lvl, start in starts.items():
                counters[lvl] = start - 1
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return ""

        def number(match):
            k = int(match.group(1)) - 1
            lv = levels.get(k)
            value = counters.get(k, lv.start if lv else 1)
            return _FORMATS.get(lv.fmt if lv else "decimal", str)(value)

        return re.sub(r"%(\d)", number, level.text).strip()


class _WordReader:
    def __init__(self, document):
        self.document = document
        self.numbering = _Numbering(document)
        self.changes = {"insertions": 0, "deletions": 0}
        self.footnotes = self._footnotes()
        self.footnotes_used = 0
        self._auto_marker = 0
        self._style_numpr: dict[str, tuple[str | None, int]] = {}

    def _footnotes(self) -> dict[str, object]:
        """Footnote elements by id, from the footnotes part when the document has one."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml.parser import parse_xml

        for rel in self.document.part.rels.values():
            if rel.reltype == RT.FOOTNOTES and not rel.is_external:
                root = parse_xml(rel.target_part.blob)
                return {fn.get(_W + "id"): fn for fn in root.iter(_W + "footnote")
                        if fn.get(_W + "type") in (None, "normal")}
        return {}

    # -- text of a paragraph, tracked changes accepted
    def _runs_text(self, element, notes: list) -> str:
        out: list[str] = []
        custom_mark = False
        for el in element.iter():
            tag = el.tag
            if tag in (_W + "del", _W + "moveFrom"):
                continue
            if self._inside_deleted(el, element):
                continue
            if tag == _W + "t":
                text = el.text or ""
                if custom_mark:
                    custom_mark = False
                    out.append(to_superscript(text.strip()) or text)
                else:
                    out.append(text)
            elif tag in (_W + "tab", _W + "ptab"):
                out.append(" " if el.getparent().tag == _W + "r" else "")
            elif tag in (_W + "br", _W + "cr"):
                out.append(" ")
            elif tag == _W + "noBreakHyphen":
                out.append("-")
            elif tag == _W + "footnoteReference":
                note = self.footnotes.get(el.get(_W + "id"))
                if el.get(_W + "customMarkFollows") in ("1", "true", "on"):
                    custom_mark = True
                    marker = None
                else:
                    self._auto_marker += 1
                    marker = str(self._auto_marker)
                    out.append(to_superscript(marker) or marker)
                if note is not None:
                    notes.append([marker, note])
        return "".join(out)

    @staticmethod
    def _inside_deleted(el, stop) -> bool:
        parent = el.getparent()
        while parent is not None and parent is not stop:
            if parent.tag in (_W + "del", _W + "moveFrom"):
                return True
            parent = parent.getparent()
        return False

    def _count_changes(self, body) -> None:
        for tag, key in ((_W + "ins", "insertions"), (_W + "moveTo", "insertions"),
                         (_W + "del", "deletions"), (_W + "moveFrom", "deletions")):
            # a change mark inside run properties records a deleted or inserted paragraph mark
            self.changes[key] += sum(1 for _ in body.iter(tag))

    def _num_pr(self, paragraph) -> tuple[str | None, int]:
        ppr = paragraph.find(_W + "pPr")
        if ppr is not None:
            numpr = ppr.find(_W + "numPr")
            if numpr is not None:
                num = numpr.find(_W + "numId")
                lvl = numpr.find(_W + "ilvl")
                return (num.get(_W + "val") if num is not None else None,
                        int(lvl.get(_W + "val")) if lvl is not None else 0)
            style = ppr.find(_W + "pStyle")
            if style is not None:
                return self._style_num(style.get(_W + "val"))
        return None, 0

    def _style_num(self, style_id: str) -> tuple[str | None, int]:
        if style_id in self._style_numpr:
            return self._style_numpr[style_id]
        result: tuple[str | None, int] = (None, 0)
        styles = self.document.styles.element
        seen = set()
        wanted = style_id
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = next((s for s in styles.iter(_W + "style") if s.get(_W + "styleId") == style_id), None)
            if style is None:
                break
            numpr = style.find(f"{_W}pPr/{_W}numPr")
            if numpr is not None:
                num = numpr.find(_W + "numId")
                lvl = numpr.find(_W + "ilvl")
                result = (num.get(_W + "val") if num is not None else None,
                          int(lvl.get(_W + "val")) if lvl is not None else 0)
                break
            based = style.find(_W + "basedOn")
            style_id = based.get(_W + "val") if based is not None else None
        self._style_numpr[wanted] = result
        return result

    @staticmethod
    def _mark_deleted(paragraph) -> bool:
        """The paragraph mark itself was deleted as a tracked change: accepted, the paragraph joins the next."""
        rpr = paragraph.find(f"{_W}pPr/{_W}rPr")
        return rpr is not None and rpr.find(_W + "del") is not None

    def _paragraphs(self, body):
        for child in body.iterchildren():
            if child.tag == _W + "p":
                yield child
            elif child.tag == _W + "tbl":
                yield from (p for p in child.iter(_W + "p"))
            elif child.tag == _W + "sdt":
                content = child.find(_W + "sdtContent")
                if content is not None:
                    yield from self._paragraphs(content)

    def text(self) -> str:
        body = self.document.element.body
        self._count_changes(body)
        blocks: list[str] = []
        pending: list[str] = []
        carried = ""
        for paragraph in self._paragraphs(body):
            notes: list = []
            text = carried + self._runs_text(paragraph, notes)
            carried = ""
            if self._mark_deleted(paragraph):
                carried = text
                continue
            num_id, ilvl = self._num_pr(paragraph)
            label = self.numbering.label(num_id, ilvl) if num_id else ""
            text = " ".join(text.split())
            if not text:
                continue
            if _ANNEX.match(text) and pending:
                blocks.append("\n".join([FOOTNOTE_SEPARATOR, *pending]))
                pending = []
            blocks.append(f"{label} {text}" if label else text)
            for marker, note in notes:
                note_text = " ".join(self._runs_text(note, []).split())
                self.footnotes_used += 1
                if marker is None:  # a custom mark: the note text starts with the same mark
                    marker, _sep, note_text = note_text.partition(" ")
                    marker = _from_sup(marker)
                else:
                    note_text = note_text.lstrip("0123456789⁰¹²³⁴⁵⁶⁷⁸⁹ ")
                pending.append(f"{marker}  {note_text}")
        if pending:
            blocks.append("\n".join([FOOTNOTE_SEPARATOR, *pending]))
        return "\n\n".join(blocks) + "\n"


_ANNEX = re.compile(r"^(?:Annexe|Annex|ANNEXE|ANNEX)(?:\s+([IVXLC]+|\d{1,2}|[A-Z]))?\s*$")


def _from_sup(marker: str) -> str:
    from confmgr.drafts.structure import from_superscript

    return from_superscript(marker)


# --------------------------------------------------------------------------- PDF

@dataclass
class _Line:
    x0: float
    y0: float
    y1: float
    size: float = 0.0  # the line's most common glyph size


@dataclass
class _Space:
    """A space between two glyphs set apart on a line (PDFs often position words without a space glyph)."""

    size: float
    y0: float

    @staticmethod
    def get_text() -> str:
        return " "


class _Glyph:
    """A glyph's text, box and size: what the reading needs of pdfminer's LTChar, at a fraction of its cost."""

    __slots__ = ("text", "x0", "y0", "x1", "y1", "size")

    def __init__(self, text, x0, y0, x1, y1):
        self.text, self.x0, self.y0, self.x1, self.y1 = text, x0, y0, x1, y1
        self.size = y1 - y0

    def get_text(self) -> str:
        return self.text


def _glyph_device(resources):
    """A pdfminer device that keeps each page's glyphs as :class:`_Glyph` in content order."""
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.utils import apply_matrix_rect

    class GlyphDevice(PDFLayoutAnalyzer):
        def __init__(self):
            super().__init__(resources, laparams=None)
            self.glyphs: list[_Glyph] = []

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = "\ufffd"
            adv = font.char_width(cid) * fontsize * scaling
            bottom = font.get_descent() * fontsize + rise
            a, b, c, d, e, f = matrix
            if b == 0 and c == 0:  # upright text, the common case: no need for the general transform
                x0, x1, y0, y1 = e, a * adv + e, d * bottom + f, d * (bottom + fontsize) + f
            else:
                x0, y0, x1, y1 = apply_matrix_rect(matrix, (0, bottom, adv, bottom + fontsize))
            self.glyphs.append(_Glyph(text, min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
            return adv

        def take(self) -> list[_Glyph]:
            glyphs, self.glyphs = self.glyphs, []
            return glyphs

    return GlyphDevice()


def _lines(glyphs) -> list:
    """Glyphs in content order grouped into lines: a new line where the text goes back to the left or
    moves off the row (a raised footnote marker stays on its row); spaces where glyphs stand apart."""
    lines: list = []
    chars: list = []
    prev = None
    for c in glyphs:
        if prev is not None:
            size = max(c.size, prev.size)
            off_row = abs((c.y0 + c.y1) - (prev.y0 + prev.y1)) / 2 > 0.7 * size
            # a wide gap on the row separates two pieces (a footer's job number and page number)
            if off_row or c.x0 < prev.x1 - 0.5 * size or c.x0 - prev.x1 > 3 * size:
                lines.append(chars)
                chars = []
            elif c.x0 - prev.x1 > 0.2 * c.size and c.get_text() != " " and prev.get_text() != " ":
                chars.append(_Space(prev.size, prev.y0))
        chars.append(c)
        prev = c
    if chars:
        lines.append(chars)
    out = []
    for chars in lines:
        real = [c for c in chars if not isinstance(c, _Space)]
        if "".join(c.text for c in real).strip():
            line = _Line(min(c.x0 for c in real), min(c.y0 for c in real), max(c.y1 for c in real))
            line.size = _line_size(real)
            out.append((line, chars))
    return out


def read_pdf(name: str, data: bytes) -> Upload:
    # pdfminer's layout analysis (LAParams) and its LTChar objects took most of the time: glyphs are
    # kept as slim records and grouped into lines here
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFSyntaxError

    suggestion = "upload the Word file instead"
    pages = []
    try:
        resources = PDFResourceManager(caching=True)
        device = _glyph_device(resources)
        interpreter = PDFPageInterpreter(resources, device)
        for page in PDFPage.get_pages(io.BytesIO(data), check_extractable=False):
            interpreter.process_page(page)
            pages.append(_lines(device.take()))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise FileRefused(f"file: {name} is an encrypted PDF whose text cannot be read; {suggestion}",
                          "pdf_encrypted") from None
    except PDFSyntaxError:
        raise FileRefused(f"file: {name} is not a readable PDF (damaged or truncated); {suggestion}",
                          "pdf_unreadable") from None
    except Exception as exc:  # pdfminer raises its own errors for encrypted and broken files
        if "encrypt" in type(exc).__name__.lower() or "password" in str(exc).lower():
            raise FileRefused(f"file: {name} is an encrypted PDF whose text cannot be read; {suggestion}",
                              "pdf_encrypted") from None
        raise FileRefused(f"file: {name} is not a readable PDF (damaged or truncated); {suggestion}",
                          "pdf_unreadable") from None
    if not any(pages):
        raise FileRefused(f"file: {name} has no text layer (a scanned or image-only PDF); {suggestion}",
                          "pdf_no_text")
    text = _pdf_text(pages)
    upload = Upload(name, "pdf", text)
    upload.notes.append(f"text of {len(pages)} pages read from the PDF")
    return upload


def _pdf_text(pages) -> str:
    """Each page as running header, body, footnote area (smaller type under the body, after a separator)
    and footer; blank lines where the vertical gap says a paragraph ends; superscript markers kept.
    A page whose body starts in lower case continues the previous page's last paragraph: that line
    is joined to it, before the page artefacts, so the paragraph stays whole."""
    sizes = Counter()
    for lines in pages:
        for line, chars in lines:
            sizes[line.size] += len(chars)
    body_size = sizes.most_common(1)[0][0]
    laid: list[tuple[list[str], list[str], list[str]]] = []  # (before body, body, after body)
    for lines in pages:
        lines = sorted(lines, key=lambda lc: (-round(lc[0].y1, 0), lc[0].x0))
        main = [lc for lc in lines if lc[0].size >= body_size * 0.92]
        if not main:
            laid.append(([], [], [_note_text(c) for _l, c in lines]))
            continue
        top, bottom = max(lc[0].y1 for lc in main), min(lc[0].y0 for lc in main)
        header = [_line_text(c, body_size) for line, c in lines if line.y0 >= top]
        body: list[str] = []
        previous = None
        for line, chars in lines:
            if line.y0 >= top or line.y1 <= bottom:
                continue
            size = line.size or body_size
            if previous is not None:
                gap = previous.y0 - line.y1
                if gap > 0.6 * size:
                    body.append("")
            body.append(_line_text(chars, body_size))
            previous = line
        after: list[str] = []
        in_notes = False
        for line, chars in lines:
            if line.y1 > bottom or line.y0 >= top:
                continue
            small = line.size < body_size * 0.92
            text = _note_text(chars)
            if small and not in_notes and _starts_note(chars):
                after += ["", FOOTNOTE_SEPARATOR]
                in_notes = True
            elif in_notes and (not small or is_artefact(text)):
                after.append("")
                in_notes = False
            elif in_notes and not _starts_note(chars):
                after[-1] += " " + text  # a footnote wrapped onto a second line
                continue
            after.append(text)
        laid.append((header, body, after))
    out: list[str] = []
    tail: list[str] = []  # the previous page's footnotes and footer, held back while its text may continue
    for header, body, after in laid:
        if out and body and body[0][:1].islower():
            while body and body[0]:
                out.append(body.pop(0))
        out += tail + [""] + header + [""] + body
        tail = [""] + after
    out += tail
    return "\n".join(out).strip() + "\n"


def _line_size(chars) -> float:
    counts = Counter(round(c.size, 1) for c in chars if not isinstance(c, _Space) and c.get_text().strip())
    return counts.most_common(1)[0][0] if counts else 0.0


_NOTE_START = re.compile(r"^([a-z]|\d{1,3}|\*{1,3})\s+\S")


def _starts_note(chars) -> bool:
    return bool(_NOTE_START.match("".join(c.get_text() for c in chars).strip()))


def _line_text(chars, body: float) -> str:
    """The line's text; characters in smaller raised type (footnote markers) become superscripts."""
    out = []
    base = Counter(round(c.y0, 0) for c in chars if c.size >= body * 0.92).most_common(1)
    baseline = base[0][0] if base else None
    for c in chars:
        t = c.get_text()
        if baseline is not None and c.size < body * 0.8 and c.y0 > baseline + 1 and t.strip():
            out.append(to_superscript(t) or t)
        else:
            out.append(t)
    return "".join(out).rstrip()


def _note_text(chars) -> str:
    text = "".join(c.get_text() for c in chars).rstrip()
    m = re.match(r"^([a-z]|\d{1,3}|\*{1,3})\s+(\S.*)$", text)
    return f"{m.group(1)}  {m.group(2)}" if m else text
