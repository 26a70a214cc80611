"""The one module that imports WeasyPrint (the style guide): HTML in, PDF bytes out."""


def render_pdf(html: str, base_url: str | None = None) -> bytes:
    # imported here so that pages without PDFs never pay for loading Pango
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
