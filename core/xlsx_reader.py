"""python-calamine in a helper process that may die without taking the caller along.

A crafted workbook can make calamine allocate hundreds of gigabytes, and Rust aborts the
process when an allocation fails (SIGABRT: no exception, the whole web worker dies).
`core.xlsx.check` refuses every such file it knows of before it is read; this is the floor
under it. The helper runs with `READER_MEMORY` bytes of address space and no core file, and each
read has a time limit: a helper that dies or overruns is gone (`ReaderDied`), and the next read
starts a new one.

One helper per process reads file after file: starting an interpreter per file cost more than
reading the file (measured for issue 20: about 120 ms a file with `site`, 30 ms without,
against 4 ms for reading a 190-row sheet), a file sent to the running helper costs under 1 ms
more than reading it in the process. A forked child (a gunicorn or Celery worker) starts its
own helper.

This module imports the standard library only: it is the helper's program too
(`python -I -S core/xlsx_reader.py SITE_PACKAGES`).
"""

import collections
import contextlib
import datetime
import io
import marshal
import os
import re
import selectors
import struct
import subprocess
import sys
import threading

# the helper's address space: after a 3,000-row sheet it peaks at about 21 MB (VmPeak); the rest
# is room for the largest file the check lets through (40 MB of XML, its strings twice over)
READER_MEMORY = 512 * 1024 * 1024
READER_SECONDS = 30


class ReaderDied(Exception):
    """The helper died or ran out of time on this file."""


class ReaderRefused(Exception):
    """calamine raised an error of its own: the file is not a workbook it reads."""


# the answer: a status and the rows, marshalled (plain values from our own program: marshal
# is four times faster than JSON for a 3,000-row sheet; a helper that dies mid-answer leaves
# a short read, an EOFError, never a part of an answer decoded)
PLAIN, REFUSED, TAGGED = 0, 1, 2
_FRAME_IN = struct.Struct("<QI")
_FRAME_OUT = struct.Struct("<BQ")


def _encode(value):
    # marshal carries the plain types only; calamine also gives dates, times and durations
    if isinstance(value, datetime.datetime):
        return ("datetime", value.isoformat())
    if isinstance(value, datetime.date):
        return ("date", value.isoformat())
    if isinstance(value, datetime.time):
        return ("time", value.isoformat())
    if isinstance(value, datetime.timedelta):
        return ("timedelta", value.total_seconds())
    return value


_DECODE = {
    "datetime": datetime.datetime.fromisoformat,
    "date": datetime.date.fromisoformat,
    "time": datetime.time.fromisoformat,
    "timedelta": lambda seconds: datetime.timedelta(seconds=seconds),
}


def _decode(value):
    return _DECODE[value[0]](value[1]) if type(value) is tuple else value


def _read_exactly(stream, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError
    return data


def _serve() -> None:  # pragma: no cover - runs in the helper process
    """The helper: reads frames (size, rows wanted, file) from stdin, answers the first sheet's
    rows, marshalled, on stdout, until stdin closes."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (READER_MEMORY, READER_MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no core file
    from python_calamine import CalamineWorkbook

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            size, nrows = _FRAME_IN.unpack(_read_exactly(stdin, _FRAME_IN.size))
            data = _read_exactly(stdin, size)
        except EOFError:
            return
        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            rows = sheet.to_python(skip_empty_area=False, nrows=nrows)
            try:
                payload, status = marshal.dumps(rows), PLAIN
            except ValueError:  # dates, times or durations: marshal carries plain types only
                payload = marshal.dumps([[_encode(v) for v in row] for row in rows])
                status = TAGGED
        except Exception as exc:  # noqa: BLE001 - the reader's own errors: the file is refused
            payload, status = marshal.dumps(str(exc)[:200]), REFUSED
        stdout.write(_FRAME_OUT.pack(status, len(payload)) + payload)
        stdout.flush()


class _Helper:
    """The helper process of this process (a forked child starts its own)."""

    def __init__(self):
        import python_calamine

        site = os.path.dirname(os.path.dirname(os.path.abspath(python_calamine.__file__)))
        self.owner = os.getpid()
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and file
            [sys.executable, "-I", "-S", os.path.abspath(__file__), site],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )

    def read(self, data: bytes, nrows: int, timeout: float) -> list[list]:
        process = self.process
        try:
            process.stdin.write(_FRAME_IN.pack(len(data), nrows) + data)
            process.stdin.flush()
            head = self._receive(_FRAME_OUT.size, timeout)
            status, size = _FRAME_OUT.unpack(head)
            payload = marshal.loads(self._receive(size, timeout))
        except (OSError, EOFError, ValueError, TimeoutError) as exc:
            self.stop()
            raise ReaderDied(repr(exc)) from None
        if status == REFUSED:
            raise ReaderRefused(payload)
        if status == TAGGED:
            return [[_decode(v) for v in row] for row in payload]
        return payload

    def _receive(self, size: int, timeout: float) -> bytes:
        out = self.process.stdout
        chunks, missing = [], size
        with selectors.DefaultSelector() as selector:
            selector.register(out, selectors.EVENT_READ)
            while missing:
                if not selector.select(timeout):
                    raise TimeoutError("the reader took too long")
                chunk = os.read(out.fileno(), min(missing, 1 << 20))
                if not chunk:
                    raise EOFError("the reader stopped")
                chunks.append(chunk)
                missing -= len(chunk)
        return b"".join(chunks)

    def alive(self) -> bool:
        return self.owner == os.getpid() and self.process.poll() is None

    def stop(self) -> None:
        if self.owner == os.getpid():
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()


_helper: _Helper | None = None
_helper_lock = threading.Lock()


def read_rows(data: bytes, *, nrows: int, timeout: float = READER_SECONDS) -> list[list]:
    """The first sheet's cells from A1, row by row, read by the helper. Check the file first
    (`core.xlsx.read_first_sheet` does); ReaderDied if the helper dies or runs out of time."""
    global _helper
    with _helper_lock:
        if _helper is None or not _helper.alive():
            _helper = _Helper()
        try:
            return _helper.read(data, nrows, timeout)
        finally:
            if not _helper.alive():
                _helper = None


# -- the lean reader ------------------------------------------------------------------------
#
# The sheets people send are written by a few programs (openpyxl, Excel, LibreOffice) in one
# plain form: every row and cell with its position, double quotes, no comments, formulas or
# rich text. For that form, `core.xlsx.check` reads the cells itself while it checks the sheet
# (a regular expression for the rows, the C parser for the rest of the part), at a fraction of
# what a second reading by calamine costs. The grammar below accepts only that form, and every
# cell it accepts is read as calamine reads it (tests/core/test_xlsx_lean.py compares them on
# generated workbooks); anything else (a formula, a date, a style it does not know, a number it
# does not parse, a cell out of order) gives None, and the sheet is checked and read as before.

_WS = r"[ \t\n]*"
_TEXT = r"[^<&]*(?:&(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});[^<&]*)*"
_CELL = (
    r'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="([0-9]{1,6})")?(?: t="(n|b|s|inlineStr)")?'
    + _WS
    + r"(?:/>|>(?:(<v>)("
    + _TEXT
    + r")</v>)?</c>|>(<is>)<t(?: xml:space=\"preserve\")?>("
    + _TEXT
    + r")</t></is></c>)"
)
_CELL_RE = re.compile(_CELL)
_ATTRS = r'(?:[ \t\n]+(?!(?:[A-Za-z_][\w.-]*:)?r=)[A-Za-z_][\w.:-]*="[^"<&]*")*'
_ROW_RE = re.compile(
    _WS
    + r'<row r="([1-9][0-9]{0,6})"'
    + _ATTRS
    + _WS
    + r"(?:/>|>((?:"
    + re.sub(r"\((?!\?)", "(?:", _CELL)
    + r")*)</row>)"
)
_SI_RE = re.compile(r'<si><t(?: xml:space="preserve")?>(' + _TEXT + r")</t></si>")
_INDEX = re.compile(r"[0-9]{1,9}")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\Z").match
_REFERENCE = re.compile(r"&(?:(amp)|(lt)|(gt)|(quot)|(apos)|#([0-9]+)|#x([0-9A-Fa-f]+));")
_NAMED = {1: "&", 2: "<", 3: ">", 4: '"', 5: "'"}
# characters XML refuses in a document (expat would), and a carriage return, which XML reads
# as a line break: text with any of them is left to the exact path
_REFUSED_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]")
# number formats that show a number as a number (calamine reads the others as dates)
PLAIN_FORMATS = frozenset({0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 37, 38, 39, 40, 48, 49})
_SHARED = "shared"


class _NotLean(Exception):
    pass


def _char(code: int) -> str:
    if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD:
        return chr(code)
    if 0x10000 <= code <= 0x10FFFF:
        return chr(code)
    raise _NotLean  # a character XML refuses even as a reference


def _one(match) -> str:
    named = match.lastindex
    if named in _NAMED:
        return _NAMED[named]
    return _char(int(match[6]) if named == 6 else int(match[7], 16))


_UNESCAPED: dict[str, str] = {}  # the same words come back cell after cell ("không", "x")


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    found = _UNESCAPED.get(text)
    if found is None:
        found = _REFERENCE.sub(_one, text)
        if len(_UNESCAPED) > 50_000:
            _UNESCAPED.clear()
        _UNESCAPED[text] = found
    return found


def lean_text(xml: bytes) -> str | None:
    """The part as text when the lean grammar may read it: UTF-8, no comment, DOCTYPE, CDATA
    or processing instruction beyond the XML declaration, no character XML refuses."""
    if b"<!" in xml or xml.count(b"<?") > 1 or xml.startswith((b"\xfe\xff", b"\xff\xfe")):
        return None
    if xml.startswith(b"\xef\xbb\xbf"):
        xml = xml[3:]
    if xml.startswith(b"<?"):
        declaration = xml[: xml.find(b"?>") + 2]
        encoding = re.search(rb"encoding=[\"']([^\"']*)[\"']", declaration)
        if encoding and encoding[1].lower() not in (b"utf-8", b"utf8"):
            return None
    try:
        text = xml.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if _REFUSED_CHARS.search(text) or "]]>" in text else text


def split_region(text: str, name: str) -> tuple[str, str, str] | None:
    """(head, content, tail) around the content of the one element `name` of the part (its
    start tag in head, its end tag in tail), or None."""
    start, end = f"<{name}", f"</{name}>"
    if text.count(start) != 1 or text.count(end) != 1:
        return None
    begin = text.find(start)
    close = text.find(">", begin)
    finish = text.find(end)
    if (
        close < 0
        or finish < close
        or text[begin + len(start)] not in " \t\n>"
        or (text[close - 1] == "/")
    ):
        return None
    return text[: close + 1], text[close + 1 : finish], text[finish:]


def lean_strings(content: str) -> list[str] | None:
    """The shared strings of an <sst> whose every item is one plain <t>, or None."""
    strings, pos, size = [], 0, len(content)
    match = _SI_RE.match
    while pos < size:
        found = match(content, pos)
        if found is None:
            return None
        strings.append(found[1])
        pos = found.end()
    try:
        return [_unescape(s) for s in strings]
    except _NotLean:
        return None


def lean_rows(content: str, *, max_rows: int, max_columns: int) -> tuple[list, set, bool] | None:
    """The cells of a <sheetData> in the plain form, row by row from A1 as calamine gives them
    (numbers as floats, "" for a cell without a value, every row as wide as the widest), with
    shared strings as (_SHARED, index) until `fill_shared` puts them in; and the styles of its
    numbers (the caller makes sure they are numbers' formats, not dates'); whether it has
    shared strings. Or None."""
    try:
        return _lean_rows(content, max_rows, max_columns)
    except (_NotLean, ValueError):
        return None


_COLUMNS: dict[str, int] = {}


def _column(letters: str) -> int:
    n = 0
    for c in letters:
        n = n * 26 + ord(c) - 64
    _COLUMNS[letters] = n
    return n


def _lean_rows(content, max_rows, max_columns):
    found: list[tuple[int, list]] = []
    styles: set[int] = set()
    width = last_row = pos = shared = 0
    size = len(content)
    row_match, cells_of, columns, number = _ROW_RE.match, _CELL_RE.findall, _COLUMNS, _NUMBER
    while pos < size:
        row = row_match(content, pos)
        if row is None:
            if content[pos:].strip(" \t\n"):
                return None
            break
        pos = row.end()
        digits, inner = row[1], row[2]
        r = int(digits)
        if r <= last_row or r > max_rows:
            return None
        last_row = r
        if not inner:
            continue
        line: list = []
        for letters, cell_digits, style, kind, v_tag, value, is_tag, text in cells_of(inner):
            c = columns.get(letters) or _column(letters)
            if cell_digits != digits or c <= len(line) or c > max_columns:
                return None
            if is_tag:
                if kind != "inlineStr":
                    return None
                value = _unescape(text)
            elif not v_tag:
                continue  # no value: calamine leaves the cell out
            elif kind == "s":
                if not _INDEX.fullmatch(value):
                    return None
                value = (_SHARED, int(value))
                shared += 1
            elif kind == "b":
                if value != "0" and value != "1":
                    return None
                value = value == "1"
            elif kind == "inlineStr" or not number(value):
                return None
            else:
                styles.add(int(style) if style else 0)  # calamine takes the first style then
                value = float(value)
            if c - 1 > len(line):
                line.extend([""] * (c - 1 - len(line)))
            line.append(value)
        if line:
            found.append((r, line))
            width = max(width, len(line))
    rows: list[list] = []
    for r, line in found:
        while len(rows) < r - 1:
            rows.append([""] * width)
        if len(line) < width:
            line.extend([""] * (width - len(line)))
        rows.append(line)
    return rows, styles, shared > 0


def fill_shared(rows: list, strings: list[str] | None) -> list | None:
    """The rows with their shared strings in place, or None if one is missing."""
    for line in rows:
        for i, value in enumerate(line):
            if type(value) is tuple:
                if strings is None or not 0 <= value[1] < len(strings):
                    return None
                line[i] = strings[value[1]]
    return rows


_XF = re.compile(r"<xf\b([^>]*)>")
_FORMAT_ID = re.compile(r'\snumFmtId="([0-9]+)"')


def plain_styles(text: str | None) -> frozenset:
    """The cell styles (indices of <cellXfs>) whose number format shows a number, from a
    styles part the check has read; an empty set when it is not in the plain form."""
    if text is None:
        return frozenset()
    region = split_region(text, "cellXfs")
    if region is None:
        return frozenset()
    content = region[1]
    plain = set()
    for index, attrs in enumerate(_XF.findall(content)):
        format_id = _FORMAT_ID.search(attrs)
        if format_id is None or int(format_id[1]) in PLAIN_FORMATS:
            plain.add(index)
    return frozenset(plain)


# what core.xlsx.check found in parts already checked, by their bytes and the limits: the parts
# every workbook of a program carries (theme, styles, relationships) are checked once
_KNOWN: collections.OrderedDict = collections.OrderedDict()
_KNOWN_SIZE = 64
_known_lock = threading.Lock()


def known(key):
    with _known_lock:
        facts = _KNOWN.get(key)
        if facts is not None:
            _KNOWN.move_to_end(key)
        return facts


def remember(key, facts) -> None:
    with _known_lock:
        _KNOWN[key] = facts
        while len(_KNOWN) > _KNOWN_SIZE:
            _KNOWN.popitem(last=False)


if __name__ == "__main__":  # pragma: no cover - the helper process
    sys.path.insert(0, sys.argv[1])
    _serve()
