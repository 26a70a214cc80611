"""Crafted workbooks: each takes a real .xlsx (bytes) and returns it turned into an attack.

Most are a few KB. Those marked in WORST made python-calamine abort the process (SIGABRT: it
asked for 512 GB or more) before core/xlsx.py checked every part of a workbook."""

import io
import zipfile

SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zip_of(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def edit(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    parts = parts_of(data)
    assert old in parts[part], (part, old)
    parts[part] = parts[part].replace(old, new, 1)
    return zip_of(parts)


def _cell_at_end(data: bytes, cell: bytes) -> bytes:
    """`cell` put into the sheet's last row, after the cells it has."""
    parts = parts_of(data)
    xml = parts[SHEET]
    at = xml.rindex(b"</row>")
    parts[SHEET] = xml[:at] + cell + xml[at:]
    return zip_of(parts)


def single_quoted(data):
    # the first attack of issue 20: the old pre-check looked for r="..." only
    return _cell_at_end(data, b"<c r='XFD1048576' t='n'><v>1</v></c>")


def sheet_outside_worksheets(data):
    # the second: the old pre-check read only xl/worksheets/; the workbook's rels say where
    parts = parts_of(data)
    xml = parts.pop(SHEET)
    at = xml.rindex(b"</row>")
    parts["xl/data/cells.xml"] = xml[:at] + b'<c r="XFD1048576"><v>1</v></c>' + xml[at:]
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(b"/xl/worksheets/sheet1.xml", b"/xl/data/cells.xml")
    parts[rels] = parts[rels].replace(b"worksheets/sheet1.xml", b"data/cells.xml")
    types = "[Content_Types].xml"
    parts[types] = parts[types].replace(b"/xl/worksheets/sheet1.xml", b"/xl/data/cells.xml")
    return zip_of(parts)


def sheet_not_named_xml(data):
    # a sheet is read wherever the workbook's rels point, whatever its name
    parts = parts_of(data)
    xml = parts.pop(SHEET)
    at = xml.rindex(b"</row>")
    parts["xl/worksheets/sheet1.bin"] = xml[:at] + b"<c r='XFD1048576'><v>1</v></c>" + xml[at:]
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        parts[name] = parts[name].replace(b"sheet1.xml", b"sheet1.bin")
    return zip_of(parts)


def content_types_name_another_workbook(data):
    # openpyxl reads the workbook the content types name, calamine the one of _rels/.rels
    parts = parts_of(data)
    parts["xl/other.bin"] = parts["xl/workbook.xml"]
    types = "[Content_Types].xml"
    parts[types] = parts[types].replace(b'PartName="/xl/workbook.xml"', b'PartName="/xl/other.bin"')
    return zip_of(parts)


def prefixed_names(data):
    # the same cell with a namespace prefix: calamine matches elements by their local name
    return _cell_at_end(data, f"<x:c xmlns:x='{MAIN}' r='XFD1048576'><x:v>1</x:v></x:c>".encode())


def a1_and_xfd1048576(data):
    return _cell_at_end(data, b'<c r="XFD1048576"><v>1</v></c>')


def far_column(data):
    return _cell_at_end(data, b'<c r="XFD7"><v>1</v></c>')


def cells_without_reference(data):
    # 20,000 cells without r: each takes the next column
    return _cell_at_end(data, b"<c><v>1</v></c>" * 20_000)


def huge_dimension(data):
    parts = parts_of(data)
    xml = parts[SHEET]
    start = xml.index(b"<dimension")
    end = xml.index(b">", start) + 1
    parts[SHEET] = xml[:start] + b"<dimension ref='A1:XFD1048576'/>" + xml[end:]
    return zip_of(parts)


def far_row_without_cells(data):
    return _cell_at_end(data, b"</row><row r='1048576'>")


def merged_far(data):
    xml_end = b"</sheetData>"
    return edit(
        data,
        SHEET,
        xml_end,
        xml_end + b"<mergeCells count='1'><mergeCell ref='A1:XFD1048576'/></mergeCells>",
    )


def shared_strings_count(data):
    # calamine reserves room for the strings the file announces before reading one
    parts = parts_of(data)
    parts["xl/sharedStrings.xml"] = (
        f"<sst xmlns='{MAIN}' count='1' uniqueCount='100000000000'><si><t>x</t></si></sst>"
    ).encode()
    return zip_of(parts)


def zip_bomb(data):
    # 64 MB of zeros, about 64 KB deflated, in a part no reader looks at
    parts = parts_of(data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in parts.items():
            archive.writestr(name, part)
        with archive.open("xl/media/image1.png", "w", force_zip64=True) as member:
            zeros = bytes(1024 * 1024)
            for _ in range(64):
                member.write(zeros)
    return out.getvalue()


def sheet_bomb(data):
    # the sheet itself inflates to 40 MB of spaces between two cells
    parts = parts_of(data)
    xml = parts[SHEET]
    at = xml.rindex(b"</row>")
    parts[SHEET] = xml[:at] + b" " * (40 * 1024 * 1024) + xml[at:]
    return zip_of(parts)


def deep_nesting(data):
    depth = 100_000
    return edit(data, SHEET, b"</sheetData>", b"</sheetData>" + b"<a>" * depth + b"</a>" * depth)


def billion_laughs(data):
    entities = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    doctype = f'<!DOCTYPE worksheet [<!ENTITY l0 "ha">{entities}]>'.encode()
    parts = parts_of(data)
    xml = parts[SHEET]
    start = xml.index(b"<worksheet")
    parts[SHEET] = xml[:start] + doctype + xml[start:]
    parts[SHEET] = parts[SHEET].replace(b"</sheetData>", b"</sheetData>&l9;", 1)
    return zip_of(parts)


def external_entity(data):
    doctype = b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    parts = parts_of(data)
    xml = parts[SHEET]
    start = xml.index(b"<worksheet")
    parts[SHEET] = xml[:start] + doctype + xml[start:]
    return zip_of(parts)


def rels_to_etc_passwd(data):
    parts = parts_of(data)
    rels = "xl/_rels/workbook.xml.rels"
    old = (
        b"/xl/worksheets/sheet1.xml"
        if b"/xl/worksheets/" in parts[rels]
        else b"worksheets/sheet1.xml"
    )
    parts[rels] = parts[rels].replace(old, b"../../etc/passwd")
    return zip_of(parts)


def rels_to_missing_part(data):
    parts = parts_of(data)
    del parts[SHEET]
    return zip_of(parts)


def two_parts_one_name(data):
    # zipfile takes the last of two parts of one name, other readers the first
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in parts_of(data).items():
            archive.writestr(name, part)
        archive.writestr(SHEET.upper(), b"<worksheet/>")
    return out.getvalue()


def not_a_zip(_data):
    return b"PK\x03\x04 not really a workbook"


def empty(_data):
    return b""


CRAFTED = {
    f.__name__: f
    for f in (
        single_quoted,
        sheet_outside_worksheets,
        sheet_not_named_xml,
        content_types_name_another_workbook,
        prefixed_names,
        a1_and_xfd1048576,
        far_column,
        cells_without_reference,
        huge_dimension,
        far_row_without_cells,
        merged_far,
        shared_strings_count,
        zip_bomb,
        sheet_bomb,
        deep_nesting,
        billion_laughs,
        external_entity,
        rels_to_etc_passwd,
        rels_to_missing_part,
        two_parts_one_name,
        not_a_zip,
        empty,
    )
}
# the files that abort a process reading them with python-calamine unchecked
WORST = (
    "single_quoted",
    "sheet_outside_worksheets",
    "prefixed_names",
    "a1_and_xfd1048576",
    "shared_strings_count",
)
