"""The certificate as a PDF: text shaped by HarfBuzz (Arabic joined and right to left, Korean),
fonts that ship with the project, and a QR code leading to the public verification page."""

from __future__ import annotations

import io
import logging

import segno
from flask_babel import format_date
from flask_babel import gettext as _
from fpdf import FPDF

from lms.core.names import FONT_FILES, FONTS
from lms.languages import direction

# fontTools names every hinting table it drops while subsetting a font: not a problem.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

GREEN = (11, 110, 79)


# The lowest the text block may reach: below are the code, the address and the QR code.
BLOCK_BOTTOM = 146
SCALES = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5)


def statement(kind: str) -> str:
    """What the certificate attests, as one text (not yet filled in) whose lines a translator
    writes and orders as the language needs: `kind` is "module" or "course"."""
    if kind == "module":
        return _("This certifies that\n%(name)s\nhas completed the module\n%(title)s")
    return _("This certifies that\n%(name)s\nhas completed the course\n%(title)s")


def statement_lines(text: str, name: str, title: str) -> list[tuple[str, str]]:
    """The statement's lines, filled in, each with its style: "name" for the line that holds
    the name, "title" for the one that holds the title, "text" for the others."""
    lines = []
    for line in text.splitlines():
        if not line.strip():
            continue
        style = "name" if "%(name)s" in line else "title" if "%(title)s" in line else "text"
        lines.append((line % {"name": name, "title": title}, style))
    return lines


# Size and line height of each style of the statement's lines.
STYLES = {"name": (26, 14), "title": (17, 9), "text": (13, 8)}


def certificate_pdf(*, name: str, kind: str, subject_title: str, cohort_name: str | None,
                    completed_on, code: str, verify_url: str, language: str) -> bytes:  # fmt: skip
    """Render in the current interface language (the caller sets it). Long names and titles
    are set smaller until the whole text fits above the code and the QR code."""
    for scale in SCALES:
        pdf, bottom = _draw(
            name, kind, subject_title, cohort_name, completed_on, code, verify_url, language, scale
        )
        if bottom <= BLOCK_BOTTOM:
            break
        close_fonts(pdf)
    try:
        return bytes(pdf.output())
    finally:
        close_fonts(pdf)


def close_fonts(pdf: FPDF) -> None:
    """Close the font files fontTools keeps open (it reads them lazily) once a PDF is done with:
    left to the garbage collector, they surface as ResourceWarnings at random moments."""
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            ttfont.close()


def _draw(name, kind, subject_title, cohort_name, completed_on, code, verify_url, language,
          scale: float) -> tuple[FPDF, float]:  # fmt: skip
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(_("Certificate of completion"))
    pdf.set_creator("SSE Academy")
    for family, filename in FONT_FILES.items():
        pdf.add_font(family, fname=str(FONTS / filename))
    # A glyph the first font lacks is taken from the next: Arabic and Korean names in any language.
    primary = (
        "NotoNaskhArabic" if language == "ar" else "NanumGothic" if language == "ko" else "NotoSans"
    )
    pdf.set_fallback_fonts([family for family in FONT_FILES if family != primary])
    pdf.set_text_shaping(use_shaping_engine=True, direction=direction(language))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(*GREEN)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)

    def line(text: str, size: float, height: float, colour=(29, 35, 33)) -> None:
        pdf.set_font(primary, size=size * scale)
        pdf.set_text_color(*colour)
        pdf.multi_cell(w=0, h=height * scale, text=text, align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(28)
    pdf.set_left_margin(25)
    pdf.set_right_margin(25)
    line(_("SSE Academy"), 14, 8, GREEN)
    line(_("Certificate of completion"), 30, 16)
    pdf.ln(4 * scale)
    for text, style in statement_lines(statement(kind), name, subject_title):
        size, height = STYLES[style]
        line(text, size, height, GREEN if style == "name" else (29, 35, 33))
    if cohort_name:
        pdf.ln(2 * scale)
        line(_("Cohort: %(name)s", name=cohort_name), 12, 7)
    line(_("Completed on %(date)s", date=format_date(completed_on, "long")), 12, 7)
    bottom = pdf.get_y()
    qr = segno.make(verify_url, error="m")
    image = io.BytesIO()
    qr.save(image, kind="png", scale=6, border=2)
    image.seek(0)
    pdf.image(image, x=236, y=148, w=38, h=38)
    pdf.set_xy(25, 172)
    pdf.set_right_margin(60)
    pdf.set_font(primary, size=9)
    pdf.set_text_color(91, 102, 97)
    start = "R" if direction(language) == "rtl" else "L"
    pdf.multi_cell(
        w=0, h=5, text=_("Certificate code: %(code)s", code=code), align=start, new_x="LMARGIN",
        new_y="NEXT",
    )  # fmt: skip
    pdf.multi_cell(w=0, h=5, text=_("Check it at %(url)s", url=verify_url), align=start)
    return pdf, bottom
