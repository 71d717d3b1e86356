"""A streaming XLSX writer for one plain sheet: text, numbers and dates, a bold frozen header.

XlsxWriter needs about two seconds for the 330,000 cells of a 10,000-learner report, over the
report's budget; writing the sheet's XML straight into the zip takes a fraction of that. The package
holds only the parts every spreadsheet program requires (ECMA-376, part 1): content types,
relationships, the workbook, styles and the sheet; text is written as inline strings.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from typing import IO
from xml.sax.saxutils import escape

EPOCH = datetime(1899, 12, 30)  # spreadsheet day 0, as Excel counts (with its 1900 leap year)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
# Cell styles: 0 plain, 1 date and time, 2 bold (the header).
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
SHEET_START = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetViews><sheetView{direction} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>
<cols><col min="1" max="{columns}" width="20" customWidth="1"/></cols>
<sheetData>"""
SHEET_END = "</sheetData></worksheet>"


def column_letters(count: int) -> list[str]:
    """A, B, … Z, AA, AB, …: the names of the first `count` columns."""
    names = []
    for index in range(count):
        name, number = "", index + 1
        while number:
            number, remainder = divmod(number - 1, 26)
            name = chr(65 + remainder) + name
        names.append(name)
    return names


def _text(ref: str, value: str, style: str = "") -> str:
    clean = escape(_CONTROL.sub("", value))
    return f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">{clean}</t></is></c>'


def _cell(ref: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, datetime):
        days = (value.replace(tzinfo=None) - EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="1"><v>{days!r}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="1"><v>{(value - EPOCH.date()).days}</v></c>'
    return _text(ref, str(value))


def write_xlsx(output: IO[bytes], sheet_name: str, header: list[str], rows: Iterable[list],
               right_to_left: bool = False) -> None:  # fmt: skip
    """Write the workbook to `output`, row by row: no row is kept once written. A right-to-left
    sheet (for an export in Arabic) starts with column A on the right, as its reader expects."""
    # Sheet names are at most 31 characters, without : \ / ? * [ ]
    name = re.sub(r"[:\\/?*\[\]]", " ", _CONTROL.sub("", sheet_name)).strip()[:31] or "Sheet1"
    name = escape(name, {'"': "&quot;"})
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", ROOT_RELS)
        package.writestr("xl/workbook.xml", WORKBOOK.format(name=name))
        package.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        package.writestr("xl/styles.xml", STYLES)
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            direction = ' rightToLeft="1"' if right_to_left else ""
            start = SHEET_START.format(columns=max(len(header), 1), direction=direction)
            sheet.write(start.encode())
            letters = column_letters(len(header))
            titles = "".join(
                _text(f"{letter}1", title, ' s="2"')
                for letter, title in zip(letters, header, strict=True)
            )
            chunk = [f'<row r="1">{titles}</row>']
            for number, row in enumerate(rows, start=2):
                cells = "".join(
                    _cell(f"{letter}{number}", value)
                    for letter, value in zip(letters, row, strict=True)
                )
                chunk.append(f'<row r="{number}">{cells}</row>')
                if len(chunk) >= 500:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write(("".join(chunk) + SHEET_END).encode())
