"""The report as a Word file (.docx), in the official layout (Nghị định 30/2020/NĐ-CP).

Officials edit and sign the report in Word. So that the Word file can never say something
the PDF does not, it is not a second template: it is the PDF's own HTML (the same template,
context and snapshot, `render.pdf_context`) laid out again with python-docx. Every heading,
paragraph and table of the PDF is there, in the same order and the same words; the parts the
page layout draws (the charts of the reviews) are left to the tables that carry their figures.

A4 portrait, margins 20/20/30/15 mm, Times New Roman 13 pt (12 pt in tables), page numbers
centred at the top from page 2, the header block in two columns (issuing body and number on
the left, the national motto and the place and date on the right).
"""

import datetime
import io
import re

from django.template.loader import render_to_string

from .models import ReportRun

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 11
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
# HTML whitespace collapses; a no-break space (the blank left for the number) stays
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def render_report_docx(
    *,
    run: ReportRun,
    snapshot: dict,
    issued_on: datetime.date,
    draft=None,
    checksum: str | None = None,
) -> bytes:
    """The .docx of a run's snapshot (and of the board's draft of it, when given)."""
    from .render import pdf_context

    options = {}
    if draft is not None:
        options["draft"] = draft
    if checksum:
        options["checksum"] = checksum
    context = pdf_context(run=run, snapshot=snapshot, issued_on=issued_on, **options)
    html = render_to_string("reporting/report_pdf.html", context)
    return html_to_docx(html, verify_url=context.get("verify_url", ""), title=context["title"])


# -- the HTML of the PDF, laid out in Word -----------------------------------------------------


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text or "")


class _Writer:
    def __init__(self, *, verify_url: str, title: str):
        from docx import Document

        self.document = Document()
        self.verify_url = verify_url
        self.h2_count = 0
        self._setup(title)

    # page, fonts, page numbers
    def _setup(self, title: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        doc = self.document
        doc.core_properties.title = title[:250]
        doc.core_properties.author = "Cổng Cuộc vận động"
        doc.core_properties.language = "vi-VN"
        for name in ("Normal", "Table Grid"):
            style = doc.styles[name]
            style.font.name = FONT
            rpr = style.element.get_or_add_rPr()
            fonts = rpr.get_or_add_rFonts()
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(attr), FONT)
        doc.styles["Normal"].font.size = Pt(BODY_PT)
        doc.styles["Normal"].paragraph_format.space_after = Pt(4)
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.header_distance = Mm(10)
        # page numbers centred in the top margin, none on the first page
        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._page_field(paragraph)

    @staticmethod
    def _page_field(paragraph) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)

    # inline content: text with bold / italic / underline and line breaks
    def _inline(self, paragraph, el, *, bold=False, italic=False, underline=False, upper=False):
        from docx.shared import Pt

        tag = el.tag if isinstance(el.tag, str) else ""
        classes = _classes(el)
        bold = bold or tag in ("b", "strong", "th") or "b" in classes
        italic = italic or tag in ("i", "em")
        underline = underline or tag == "u"
        upper = upper or "upper" in classes
        small = "small" in classes

        def add(text):
            text = _clean(text)
            if not text:
                return
            run = paragraph.add_run(text.upper() if upper else text)
            run.bold = bold or None
            run.italic = italic or None
            run.underline = underline or None
            if small:
                run.font.size = Pt(10)

        if tag == "br":
            paragraph.add_run().add_break()
        elif tag == "img":
            pass
        else:
            add(el.text)
            for child in el:
                self._inline(
                    paragraph, child, bold=bold, italic=italic, underline=underline, upper=upper
                )
                add(child.tail)

    @staticmethod
    def _trim(paragraph) -> None:
        """Whitespace the HTML carried at the ends of a paragraph (and no empty runs)."""
        runs = [r for r in paragraph.runs if r.text]
        if runs:
            runs[0].text = runs[0].text.lstrip()
            runs[-1].text = runs[-1].text.rstrip()

    def paragraph(self, el, *, style=None, container=None, **fmt):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        target = container if container is not None else self.document
        paragraph = target.add_paragraph()
        align = fmt.pop("align", None)
        indent = fmt.pop("indent", False)
        size = fmt.pop("size", None)
        prefix = fmt.pop("prefix", "")
        if prefix:
            run = paragraph.add_run(prefix)
            run.bold = fmt.get("bold") or None
        self._inline(paragraph, el, **fmt)
        self._trim(paragraph)
        if align:
            paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align)
        if indent:
            paragraph.paragraph_format.first_line_indent = Mm(10)
        if size:
            for run in paragraph.runs:
                run.font.size = Pt(size)
        return paragraph

    # blocks
    def block(self, el) -> None:
        if not isinstance(el.tag, str):
            return
        tag, classes = el.tag, _classes(el)
        if tag in ("style", "script", "head", "title", "meta", "svg", "colgroup"):
            return
        if {"rule", "title-rule", "charts", "space"} & classes:
            return
        if tag == "table" and "head" in classes:
            self.header(el)
        elif tag == "table" and "end" in classes:
            self.ending(el)
        elif tag == "table":
            self.table(el)
        elif tag == "h1" or "title-sub" in classes:
            self.paragraph(el, align="CENTER", bold=True, size=14)
        elif "draft" in classes:
            self.paragraph(el, align="RIGHT", bold=True)
        elif tag == "h2":
            numeral = ROMAN[self.h2_count] if self.h2_count < len(ROMAN) else str(self.h2_count + 1)
            self.h2_count += 1
            self.paragraph(el, bold=True, upper=True, prefix=f"{numeral}. ")
        elif tag == "h3":
            self.paragraph(el, bold=True)
        elif tag in ("h4", "h5"):
            self.paragraph(el, bold=True, italic=True)
        elif tag == "p":
            plain = {"plain", "none"} & classes
            self.paragraph(
                el, align="JUSTIFY", indent=not plain, italic="none" in classes, bold=False
            )
        elif "verify" in classes:
            self.verification(el)
        elif "appendix" in classes:
            self.appendix(el, landscape="wide" in classes)
        elif tag in ("div", "section", "body", "html", "span", "main"):
            if any(isinstance(c.tag, str) and c.tag not in ("b", "i", "br", "span") for c in el):
                self.children(el)
            elif _clean(el.text_content()).strip():
                self.paragraph(el, align="JUSTIFY")
        else:
            self.children(el)

    def appendix(self, el, *, landscape: bool) -> None:
        """An appendix starts a new page; a wide one (a row per unit) a landscape section, as
        in the PDF, and the next appendix turns back to portrait."""
        from docx.enum.section import WD_ORIENT, WD_SECTION

        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        wide = section.page_width > section.page_height
        if landscape != wide:
            section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = section.page_height, section.page_width
        self.children(el)

    def children(self, el) -> None:
        for child in el:
            self.block(child)

    def _borderless(self, rows: int, cols: int):
        table = self.document.add_table(rows=rows, cols=cols)
        table.autofit = True
        return table

    def header(self, el) -> None:
        """Issuing body and number (left); national name, motto, place and date (right)."""
        from docx.shared import Mm

        cells = [td for tr in el.iter("tr") for td in tr if td.tag == "td"]
        table = self._borderless(1, len(cells))
        widths = [Mm(65), Mm(100)]
        for i, td in enumerate(cells):
            cell = table.rows[0].cells[i]
            cell.width = widths[i] if i < len(widths) else Mm(60)
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
            for div in td:
                classes = _classes(div)
                if "rule" in classes:
                    continue
                self.paragraph(
                    div,
                    container=cell,
                    align="CENTER",
                    bold="b" in classes or "motto" in classes,
                    underline="motto" in classes,
                    italic="date" in classes,
                    size=12.5 if "date" not in classes else 13,
                )

    def ending(self, el) -> None:
        """Recipients ("Nơi nhận:") on the left, the signature block on the right."""
        from docx.shared import Pt

        cells = [td for tr in el.iter("tr") for td in tr if td.tag == "td"]
        table = self._borderless(1, len(cells))
        for i, td in enumerate(cells):
            cell = table.rows[0].cells[i]
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
            sign = "sign" in _classes(td)
            for div in td:
                classes = _classes(div)
                if "space" in classes:
                    for _blank in range(4):
                        cell.add_paragraph()
                    continue
                paragraph = self.paragraph(
                    div,
                    container=cell,
                    align="CENTER" if sign else "LEFT",
                    bold=sign or "title" in classes,
                    italic="title" in classes,
                    size=None if sign else (12 if "title" in classes else 11),
                )
                paragraph.paragraph_format.space_after = Pt(0)

    def table(self, el) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        rows = [tr for tr in el.iter("tr")]
        if not rows:
            return
        width = max(
            sum(int(c.get("colspan", "1") or 1) for c in tr if c.tag in ("td", "th")) for tr in rows
        )
        table = self.document.add_table(rows=0, cols=width)
        table.style = self.document.styles["Table Grid"]
        for tr in rows:
            row = table.add_row()
            col = 0
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                span = int(td.get("colspan", "1") or 1)
                cell = row.cells[col]
                if span > 1:
                    cell = cell.merge(row.cells[min(col + span, width) - 1])
                paragraph = cell.paragraphs[0]
                self._inline(paragraph, td, bold=td.tag == "th")
                self._trim(paragraph)
                classes = _classes(td)
                if td.tag == "th" or {"c", "n"} & classes:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                elif "r" in classes:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                for run in paragraph.runs:
                    run.font.size = Pt(TABLE_PT)
                col += span
        for tr, row in zip(rows, table.rows, strict=True):
            if tr.getparent() is not None and tr.getparent().tag == "thead":
                self._repeat_header(row)
        self._widths(table, rows, width)
        self.document.add_paragraph().paragraph_format.space_after = Pt(0)

    def _widths(self, table, rows, width: int) -> None:
        """Columns as wide as what they hold (Word's own autofit gives the number column as
        much room as the indicator's name): the longest cell text of a column, a heading's
        longest word, clamped."""
        section = self.document.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        longest = [4] * width
        for tr in rows:
            col = 0
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                span = int(td.get("colspan", "1") or 1)
                if span == 1 and col < width:
                    text = _clean("".join(td.itertext()))
                    # a heading wraps between its words; a cell's figure or name should not
                    size = max(map(len, text.split()), default=0) if td.tag == "th" else len(text)
                    longest[col] = max(longest[col], min(size, 40))
                col += span
        total = sum(longest)
        table.autofit = False
        widths = [int(usable * n / total) for n in longest]
        for i, column in enumerate(table.columns):  # the grid LibreOffice reads
            column.width = widths[i]
        for row in table.rows:  # and each cell, which Word reads
            for i, cell in enumerate(row.cells[:width]):
                cell.width = widths[i]

    @staticmethod
    def _repeat_header(row) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(header)

    def verification(self, el) -> None:
        from docx.shared import Mm, Pt

        if self.verify_url:
            import qrcode

            image = io.BytesIO()
            qrcode.make(self.verify_url, border=1).save(image, format="PNG")
            image.seek(0)
            self.document.add_picture(image, width=Mm(24))
        for p in el.iter("p"):
            paragraph = self.paragraph(p, align="LEFT", size=9.5)
            paragraph.paragraph_format.space_after = Pt(0)


def html_to_docx(html: str, *, verify_url: str = "", title: str = "") -> bytes:
    import lxml.html

    writer = _Writer(verify_url=verify_url, title=title)
    root = lxml.html.document_fromstring(html)
    body = root.find("body")
    writer.children(body if body is not None else root)
    out = io.BytesIO()
    writer.document.save(out)
    return out.getvalue()
