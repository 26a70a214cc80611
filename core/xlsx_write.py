"""Writing workbooks: text a spreadsheet would run as a formula is kept as text (CSV/XLSX
injection). Reading and checking uploaded workbooks is core/xlsx.py's."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def as_text(cell):
    """Keep an openpyxl cell's formula-like text as text (CSV/XLSX injection)."""
    if formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def put(ws, row: int, column: int, value):
    """ws.cell(row, column, value), with formula-like text kept as text."""
    return as_text(ws.cell(row=row, column=column, value=value))


def append(ws, values) -> None:
    """ws.append(values), with formula-like text kept as text."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        as_text(cell)
