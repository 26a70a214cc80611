"""Excel workbooks from users, read safely; and cells the portal writes, kept from running.

Reading. An .xlsx is a zip of XML parts. A few hundred bytes can ask a reader for the
impossible: one cell in A1 and one in XFD1048576 make python-calamine allocate 512 GB, and the
process aborts (SIGABRT, no exception: the whole web worker dies); a zip bomb inflates to
gigabytes; an entity declared a billion times expands without end. So, before any reader sees
a file, `check` goes through every part of the archive:

- the zip itself: a bounded number of parts, plain or deflated, no duplicate names, each part
  and all of them together inflated no further than a real workbook needs;
- every XML part with a real parser (expat, fed in chunks, never building a tree), whatever the
  quote style or namespace prefix: no DOCTYPE (hence no entities), a bounded depth, and every
  `dimension`, `row r=`, `c r=` (or the position a cell without `r` takes, counted as the
  readers count) and `mergeCell` inside the rows and columns the caller allows;
- the package: one `workbook.xml`, the same that the content types name (calamine finds it
  through `_rels/.rels`, openpyxl through `[Content_Types].xml`); every internal target of the
  package's and the workbook's relationships inside the archive, to a part that exists; every
  sheet the workbook lists checked as above, whatever its name and folder. The sheets are
  returned in the workbook's order, with the merged ranges and the formulas without a cached
  value found in each.

A sheet in the plain form the usual programs write is read by the check itself (a grammar that
accepts nothing else, `xlsx_reader.lean_rows`; the rest of the part goes through the parser);
parts every workbook carries (theme, styles) are checked once per process, by their bytes. Any
other sheet `read_first_sheet` reads with python-calamine in a helper process with a memory and
a time limit (`core/xlsx_reader.py`): if anything the check did not foresee still makes the
reader abort or run away, the helper dies, the caller gets `ReaderFailed`, the process lives on.

Writing. A text cell a spreadsheet would take for a formula (`= + - @`, or a tab or carriage
return first) is written as text with Excel's quote prefix: shown and read back exactly as
typed, never run (`put`, `append`, `as_text`).
"""

import hashlib
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

from . import xlsx_reader

# -- limits ---------------------------------------------------------------------------------

MAX_PARTS = 256  # a workbook of a few sheets has about a dozen
MAX_PART_BYTES = 20 * 1024 * 1024  # a full 3,000-row sheet is under 2 MB of XML
MAX_TOTAL_BYTES = 40 * 1024 * 1024
MAX_DEPTH = 48  # a sheet nests 6 deep, a drawing about 15
MAX_STRINGS = 1_000_000  # calamine reserves room for the shared strings a file announces
MAX_COLUMNS = 40  # the portal's sheets have about fifteen columns
CHUNK = 64 * 1024
LEAN_BYTES = 4 * 1024 * 1024  # parts up to this are held whole (lean grammar, remembered)

# -- messages -------------------------------------------------------------------------------

NOT_READABLE = "Không đọc được tệp: hãy dùng tệp Excel .xlsx theo mẫu."
TOO_LARGE = "Tệp giải nén ra quá lớn so với một tệp Excel thật: tệp không được đọc."
TOO_MANY_ROWS = "Tệp có quá nhiều dòng (tối đa {max})."
READER_FAILED = "Không đọc được tệp: trình đọc Excel dừng lại giữa chừng với tệp này."


class WorkbookError(ValueError):
    """A workbook the portal does not read; `message` is for the user."""

    message = NOT_READABLE

    def __init__(self, detail: str = ""):
        super().__init__(detail or self.message)
        self.detail = detail


class TooLarge(WorkbookError):
    message = TOO_LARGE


class TooManyRows(WorkbookError):
    message = TOO_MANY_ROWS


class ReaderFailed(WorkbookError):
    message = READER_FAILED


# -- references -----------------------------------------------------------------------------

_CELL = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_ROW = re.compile(r"[A-Za-z]{0,3}([0-9]{1,7})")  # calamine reads "A5" as row 5 too
_SHEET_TYPES = ("/worksheet", "/chartsheet", "/dialogsheet")


def column_number(letters: str) -> int:
    n = 0
    for c in letters.upper():
        n = n * 26 + ord(c) - 64
    return n


def column_letters(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# -- the check ------------------------------------------------------------------------------


@dataclass
class Sheet:
    """One sheet of a checked workbook, as the workbook lists it."""

    name: str
    part: str
    merged: list[str] = field(default_factory=list)  # "A7:B7", as the sheet writes them
    uncached_formulas: list[str] = field(default_factory=list)  # "D9": a formula, no value
    # its cells, when the check could read them itself (xlsx_reader.lean_rows): read_first_sheet
    # then needs no second reading
    rows: list[list] | None = field(default=None, repr=False, compare=False)


@dataclass
class _Facts:
    relationships: list[tuple[str, str, str, str]] = field(default_factory=list)
    sheets: list[tuple[str, str]] = field(default_factory=list)  # (name, relationship id)
    content_types: list[tuple[str, str, str]] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    uncached_formulas: list[str] = field(default_factory=list)
    region_depth: int = 0  # the depth of <sheetData> or <sst>
    rows: list[list] | None = None  # a sheet read by the lean grammar
    number_styles: set[int] = field(default_factory=set)  # the styles its numbers have
    shared: bool = False  # it has shared strings
    strings: list[str] | None = None  # shared strings read by the lean grammar
    plain_styles: frozenset = frozenset()  # of a styles part: the styles that show numbers


def _attr(attrs: dict, local: str):
    """An attribute by its local name, whatever its prefix: readers differ on prefixes."""
    if local in attrs:
        return attrs[local]
    for key, value in attrs.items():
        if key.rpartition(":")[2] == local and not key.startswith("xmlns"):
            return value
    return None


def _scanner(*, max_rows: int, max_columns: int) -> tuple[expat.XMLParserType, _Facts]:
    """An expat parser for one XML part that refuses as it reads, and the facts it finds.

    Elements are matched by their local name, whatever their prefix (calamine does so).
    Positions are counted as calamine counts them (a row without `r` follows the last one, a
    cell without `r` the last cell of its row), and rows and cells may not nest, so openpyxl
    cannot count further either. The handlers run for every element of a sheet, four calls a
    cell: they are closures over local state, and cells and values are handled first."""
    facts = _Facts()
    locals_: dict[str, str] = {}  # "x:c" -> "c"
    columns: dict[str, int] = {}  # "AB" -> 28
    depth = 0
    row = column = 1  # where a row or a cell without `r` goes
    rows_seen = 0
    in_row = in_cell = has_formula = has_value = False
    cell_ref = ""
    parser = expat.ParserCreate()  # no namespace processing: names keep their prefixes

    def check(r: int, c: int) -> None:
        if r > max_rows:
            raise TooManyRows(f"row {r}")
        if r < 1 or c < 1 or c > max_columns:
            raise WorkbookError(f"cell {column_letters(c)}{r}")

    def position(ref: str) -> tuple[int, int]:
        match = _CELL.fullmatch(ref)
        if match is None:
            raise WorkbookError(f"reference {ref[:20]!r}")
        letters, digits = match.groups()
        c = columns.get(letters)
        if c is None:
            c = columns[letters] = column_number(letters)
        return int(digits), c

    def check_range(ref: str) -> None:
        corners = ref.split(":")
        if len(corners) > 2:
            raise WorkbookError(f"range {ref[:40]!r}")
        for corner in corners:
            check(*position(corner))

    def value_text(text: str) -> None:
        nonlocal has_value
        if text.strip():
            has_value = True

    def start(name: str, attrs: dict) -> None:
        nonlocal depth, row, column, rows_seen, in_row, in_cell, has_formula, has_value
        nonlocal cell_ref
        depth += 1
        if depth > MAX_DEPTH:
            raise WorkbookError("XML nesting")
        local = locals_.get(name)
        if local is None:
            local = locals_[name] = name.rpartition(":")[2]
        if local == "v":
            if in_cell:
                if has_formula:  # an empty <v/> is no value: look at its text
                    parser.CharacterDataHandler = value_text
                else:
                    has_value = True
        elif local == "c":
            if in_cell:
                raise WorkbookError("a cell inside a cell")
            ref = attrs.get("r") or _attr(attrs, "r")
            if ref is None:
                r, c = row, column
                ref = f"{column_letters(c)}{r}"
            else:
                r, c = position(ref)
            if r > max_rows or c > max_columns or r < 1:
                check(r, c)
            column = c + 1
            in_cell, cell_ref, has_formula, has_value = True, ref, False, False
        elif local == "row":
            if in_row:
                raise WorkbookError("a row inside a row")
            in_row = True
            rows_seen += 1
            if rows_seen > max_rows:
                raise TooManyRows("rows")
            ref = attrs.get("r") or _attr(attrs, "r")
            if ref is not None:
                match = _ROW.fullmatch(ref)
                if match is None:
                    raise WorkbookError(f"row {ref[:20]!r}")
                row = int(match[1])
            check(row, 1)
            column = 1
        elif local == "f":
            has_formula = in_cell
        elif local == "is":
            has_value = has_value or in_cell
        elif local in _OTHER:
            _OTHER[local](attrs, local)

    def end(name: str) -> None:
        nonlocal depth, row, column, in_row, in_cell
        depth -= 1
        local = locals_[name]
        if local == "v":
            parser.CharacterDataHandler = None
        elif local == "c":
            if in_cell and has_formula and not has_value:
                facts.uncached_formulas.append(cell_ref)
            in_cell = False
        elif local == "row":
            in_row = False
            row += 1
            column = 1

    def merge_cell(attrs: dict, _local: str) -> None:
        ref = _attr(attrs, "ref")
        if ref is not None:
            check_range(ref)
            facts.merged.append(ref)

    def dimension(attrs: dict, _local: str) -> None:
        ref = _attr(attrs, "ref")
        if ref is not None:
            check_range(ref)

    def region(_attrs: dict, _local: str) -> None:
        facts.region_depth = depth

    def shared_strings(attrs: dict, _local: str) -> None:
        facts.region_depth = depth
        # calamine reserves room for the strings announced before it reads one
        count = _attr(attrs, "uniqueCount")
        if count is not None and (not count.isdigit() or int(count) > MAX_STRINGS):
            raise WorkbookError(f"uniqueCount={count[:20]}")

    def relationship(attrs: dict, _local: str) -> None:
        keys = ("Id", "Type", "Target", "TargetMode")
        facts.relationships.append(tuple(attrs.get(k, "") for k in keys))

    def sheet(attrs: dict, _local: str) -> None:
        if "name" not in attrs:
            return
        # readers differ on which "id" they take: a sheet must have one
        ids = [v for k, v in attrs.items() if k.rpartition(":")[2] == "id" and k[:5] != "xmlns"]
        if len(ids) != 1:
            raise WorkbookError("a sheet without one relationship id")
        facts.sheets.append((attrs["name"], ids[0]))

    def content_type(attrs: dict, local: str) -> None:
        key = attrs.get("Extension") or attrs.get("PartName") or ""
        facts.content_types.append((local, key, attrs.get("ContentType", "")))

    def refuse_doctype(*_args) -> None:
        raise WorkbookError("DOCTYPE or entity")

    _OTHER = {
        "mergeCell": merge_cell,
        "sheetData": region,
        "dimension": dimension,
        "sst": shared_strings,
        "Relationship": relationship,
        "sheet": sheet,
        "Default": content_type,
        "Override": content_type,
    }
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.ExternalEntityRefHandler = refuse_doctype
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser, facts


def _feed(parser: expat.XMLParserType, chunk: bytes, final: bool = False) -> None:
    try:
        parser.Parse(chunk, final)
    except expat.ExpatError as exc:
        raise WorkbookError(f"XML: {exc}") from None


def _name(info: zipfile.ZipInfo) -> str:
    # calamine finds parts case-insensitively, with "\" read as "/"
    return info.filename.replace("\\", "/").lower()


def _members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise WorkbookError("too many parts")
    members, declared = {}, 0
    for info in infos:
        name = _name(info)
        if name in members:
            raise WorkbookError(f"two parts named {name!r}")
        if info.flag_bits & 0x1 or info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise WorkbookError(f"{name}: encrypted or unusual compression")
        declared += info.file_size
        if info.file_size > MAX_PART_BYTES or declared > MAX_TOTAL_BYTES:
            raise TooLarge(name)
        members[name] = info
    return members


def _resolve(source: str, target: str) -> str:
    """The part a relationship of `source` points to, or WorkbookError if outside."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        path = target.lstrip("/")
    else:
        path = posixpath.join(posixpath.dirname(source), target)
    path = posixpath.normpath(path)
    if path.startswith("../") or path in ("..", ".") or path.startswith("/"):
        raise WorkbookError(f"a relationship outside the archive: {target[:60]!r}")
    return path.lower()


def _rels_of(part: str) -> str:
    folder, _slash, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


class _Inflater:
    """Inflates parts within the per-part and total budgets (the declared sizes may lie)."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive, self.total = archive, 0

    def chunks(self, info: zipfile.ZipInfo):
        size = 0
        try:
            with self.archive.open(info) as member:
                while chunk := member.read(CHUNK):
                    size += len(chunk)
                    self.total += len(chunk)
                    if size > MAX_PART_BYTES or self.total > MAX_TOTAL_BYTES:
                        raise TooLarge(info.filename)
                    yield chunk
        except WorkbookError:
            raise
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError,
                ValueError, zlib.error) as exc:  # fmt: skip
            raise WorkbookError(f"{info.filename}: {exc}") from None


class _Package:
    """The archive's parts, read once each, with what the scanner found in the XML ones."""

    def __init__(self, archive: zipfile.ZipFile, *, max_rows: int, max_columns: int):
        self.members = _members(archive)
        self.inflater = _Inflater(archive)
        self.limits = {"max_rows": max_rows, "max_columns": max_columns}
        self.facts: dict[str, _Facts] = {}

    def scan(self, name: str) -> _Facts:
        if name not in self.facts:
            chunks, size, parser = [], 0, None
            for chunk in self.inflater.chunks(self.members[name]):
                size += len(chunk)
                if parser is None and size > LEAN_BYTES:  # a big part: streamed, as before
                    parser, facts = _scanner(**self.limits)
                    _feed(parser, b"".join(chunks))
                if parser is None:
                    chunks.append(chunk)
                else:
                    _feed(parser, chunk)
            if parser is not None:  # streamed: neither held nor remembered
                _feed(parser, b"", final=True)
            self.facts[name] = facts if parser else self._whole(name, b"".join(chunks))
        return self.facts[name]

    def _whole(self, name: str, data: bytes) -> _Facts:
        key = (hashlib.blake2b(data, digest_size=20).digest(), *self.limits.values())
        facts = xlsx_reader.known(key)
        if facts is None:
            facts = self._lean(data) or self._exact(data)
            if name == "xl/styles.xml":
                facts.plain_styles = xlsx_reader.plain_styles(xlsx_reader.lean_text(data))
            if facts.rows is None and facts.strings is None:
                xlsx_reader.remember(key, facts)
        return facts

    def _exact(self, data: bytes) -> _Facts:
        parser, facts = _scanner(**self.limits)
        _feed(parser, data, final=True)
        return facts

    def _lean(self, data: bytes) -> _Facts | None:
        """A sheet's rows or the shared strings read by the lean grammar, the rest of the part by
        the exact scanner; None when the part is not in the plain form (the scanner reads it)."""
        name = "sheetData" if b"<sheetData" in data else "sst" if b"<sst" in data else None
        text = name and xlsx_reader.lean_text(data)
        region = text and xlsx_reader.split_region(text, name)
        if not region:
            return None
        head, content, tail = region
        facts = self._exact((head + tail).encode())
        if facts.region_depth + 4 > MAX_DEPTH:  # row, c, is, t (si, t)
            return None
        if name == "sst":
            facts.strings = xlsx_reader.lean_strings(content)
            return facts if facts.strings is not None else None
        found = xlsx_reader.lean_rows(content, **self.limits)
        if found is None:
            return None
        facts.rows, facts.number_styles, facts.shared = found
        return facts

    def lean_rows(self, workbook: str, sheet: str) -> list[list] | None:
        """The rows the lean grammar read of `sheet` with the shared strings and styles calamine
        takes (xl/sharedStrings.xml, xl/styles.xml), or None: calamine reads."""
        facts, sst = self.facts[sheet], "xl/sharedstrings.xml"
        if facts.rows is None or workbook != "xl/workbook.xml":
            return None
        rels = {kind.rpartition("/")[2]: part for _i, kind, part in self.relationships(workbook)}
        styles = self.facts.get("xl/styles.xml") if rels.get("styles") == "xl/styles.xml" else None
        if facts.number_styles - (styles.plain_styles if styles else frozenset()):
            return None  # a number whose style may show it as a date
        if sst in self.members and rels.get("sharedStrings") != sst:
            return None
        if not facts.shared:
            return facts.rows
        strings = self.facts[sst].strings if sst in self.members else None
        return xlsx_reader.fill_shared([list(row) for row in facts.rows], strings)

    def inflate(self, name: str) -> None:
        for _chunk in self.inflater.chunks(self.members[name]):
            pass

    def xml_parts(self) -> set[str]:
        """The parts a reader may parse as XML: named so, or declared so by the content types
        (openpyxl finds parts through them)."""
        found = {name for name in self.members if name.endswith((".xml", ".rels"))}
        for kind, key, content_type in self.scan("[content_types].xml").content_types:
            if not content_type.lower().endswith("xml"):
                continue
            key = key.lower().lstrip("/")
            if kind == "Override":
                found.add(key)
            else:
                found.update(n for n in self.members if n.endswith(f".{key}"))
        return found & self.members.keys()

    def relationships(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, part) of the internal relationships of `part`, each to a part that
        exists inside the archive."""
        rels = _rels_of(part)
        if rels not in self.members:
            raise WorkbookError(f"no {rels}")
        found = []
        for rid, kind, target, mode in self.scan(rels).relationships:
            if mode.lower() == "external":
                continue
            path = _resolve(part, target)
            if path not in self.members:
                raise WorkbookError(f"a relationship to a missing part: {target[:60]!r}")
            found.append((rid, kind, path))
        return found

    def workbook(self) -> str:
        """The one workbook part, the same for every reader: calamine takes the folder of the
        package's officeDocument and reads "workbook.xml" there, openpyxl the part the content
        types name."""
        documents = [
            p for _id, kind, p in self.relationships("") if kind.endswith("/officeDocument")
        ]
        if len(documents) != 1 or posixpath.basename(documents[0]) != "workbook.xml":
            raise WorkbookError("no single workbook.xml")
        for kind, key, content_type in self.scan("[content_types].xml").content_types:
            if (  # a workbook's type: sheet.main+xml, template.main+xml, macroEnabled.main+xml
                kind == "Override"
                and content_type.lower().endswith("main+xml")
                and key.lower().lstrip("/") != documents[0]
            ):
                raise WorkbookError("the content types name another workbook")
        return documents[0]


def check(data: bytes, *, max_rows: int, max_columns: int = MAX_COLUMNS) -> list[Sheet]:
    """Refuse what no reader must see (WorkbookError, TooLarge, TooManyRows); return the
    workbook's sheets in its order."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise WorkbookError("not a zip") from None
    with archive:
        package = _Package(archive, max_rows=max_rows, max_columns=max_columns)
        if "[content_types].xml" not in package.members:
            raise WorkbookError("no [Content_Types].xml")
        xml = package.xml_parts()
        for name in package.members:
            package.scan(name) if name in xml else package.inflate(name)
        workbook = package.workbook()
        by_id = {rid: (kind, part) for rid, kind, part in package.relationships(workbook)}
        sheets = []
        for name, rid in package.scan(workbook).sheets:
            kind, part = by_id.get(rid, ("", ""))
            if not kind.endswith(_SHEET_TYPES):
                raise WorkbookError(f"sheet {name!r} has no sheet part")
            found = package.scan(part)  # a sheet stored under any name is checked
            sheets.append(Sheet(name, part, list(found.merged), list(found.uncached_formulas)))
        if not sheets:
            raise WorkbookError("no sheet")
        sheets[0].rows = package.lean_rows(workbook, sheets[0].part)
        return sheets


# -- reading ----------------------------------------------------------------------------------


def read_first_sheet(
    data: bytes, *, max_rows: int, max_columns: int = MAX_COLUMNS
) -> tuple[Sheet, list[list]]:
    """Check the workbook, then read its first sheet in the helper process: (the sheet's facts,
    its cells from A1, row by row, at most `max_rows`)."""
    sheets = check(data, max_rows=max_rows, max_columns=max_columns)
    if sheets[0].rows is not None:  # read by the check itself
        return sheets[0], sheets[0].rows
    try:
        return sheets[0], xlsx_reader.read_rows(data, nrows=max_rows)
    except xlsx_reader.ReaderDied as exc:
        raise ReaderFailed(str(exc)) from None
    except xlsx_reader.ReaderRefused as exc:
        raise WorkbookError(str(exc)) from None
