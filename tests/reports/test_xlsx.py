"""The streaming XLSX writer: a package spreadsheet programs open, with typed cells."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from xml.etree import ElementTree

from openpyxl import load_workbook

from lms.reports.xlsx import column_letters, write_xlsx


def build(rows, header=("Name", "Score", "When")) -> bytes:
    output = io.BytesIO()
    write_xlsx(output, "Report: “2023”", list(header), rows)
    return output.getvalue()


def test_every_part_is_well_formed_xml():
    data = build([["Ana", 1, datetime(2023, 8, 14, 9, 30)]])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        for name in package.namelist():
            ElementTree.fromstring(package.read(name))
        assert "[Content_Types].xml" in package.namelist()


def test_cells_keep_their_types_and_the_header_is_bold_and_frozen():
    data = build([
        ["أمل الحسيني", 87.5, datetime(2023, 8, 14, 9, 30)],
        ["김민지 <&> \x01", None, date(2023, 9, 8)],
        ["Ольга", True, None],
    ])  # fmt: skip
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    assert sheet["A2"].value == "أمل الحسيني"
    assert sheet["B2"].value == 87.5
    assert sheet["C2"].value == datetime(2023, 8, 14, 9, 30)
    assert sheet["C2"].number_format == "yyyy\\-mm\\-dd\\ hh:mm"
    assert sheet["A3"].value == "김민지 <&> "  # control characters cannot live in XML
    assert sheet["B3"].value is None
    assert sheet["C3"].value == datetime(2023, 9, 8)
    assert sheet["B4"].value is True
    columns = sheet.column_dimensions["A"]  # one width for every column, wide enough for a date
    assert (columns.width, columns.min, columns.max) == (20, 1, 3)


def test_column_names():
    assert column_letters(28)[:3] == ["A", "B", "C"]
    assert column_letters(28)[25:] == ["Z", "AA", "AB"]
    assert column_letters(703)[-1] == "AAA"
