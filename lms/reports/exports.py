"""The completion report as CSV (UTF-8 with a BOM) and XLSX, produced row by row."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime, tzinfo

from flask_babel import gettext as _

from lms.content import Module
from lms.core.csvsafe import neutralise
from lms.i18n import current_language
from lms.languages import direction
from lms.models import Cohort
from lms.records.status import STATUS_LABELS
from lms.reports.service import ReportRow
from lms.reports.xlsx import write_xlsx
from lms.timezones import time_zone

LINES_PER_CHUNK = 200


def status_labels() -> dict[str, str]:
    """Translated once per export, not once per cell: gettext is the costly part of a row."""
    return {status: str(label) for status, label in STATUS_LABELS.items()}


def header(modules: list[Module]) -> list[str]:
    columns = [_("Name"), _("Email"), _("Country"), _("Institution"), _("Enrolled on")]
    for module in modules:
        number = module.number
        columns += [
            _("Module %(number)d: status", number=number),
            _("Module %(number)d: lessons completed", number=number),
            _("Module %(number)d: best score (%%)", number=number),
            _("Module %(number)d: attempts used", number=number),
            _("Module %(number)d: completed on", number=number),
        ]
    columns += [_("Live sessions attended"), _("Overall status"), _("Completed on")]
    return columns


def _local(moment: datetime | None, zone: tzinfo) -> datetime | None:
    """Spreadsheets keep no time zone: times are given in the cohort's."""
    return moment.astimezone(zone).replace(tzinfo=None, microsecond=0) if moment else None


def values(row: ReportRow, modules: list[Module], zone: tzinfo, labels: dict[str, str]) -> list:
    """A row's cells as typed values (text, numbers, dates), text neutralised against formulas."""
    cells: list = [
        _("Deleted account") if row.erased else neutralise(row.name),
        "" if row.erased else neutralise(row.email),
        neutralise(row.country),
        neutralise(row.institution),
        _local(row.enrolled_at, zone),
    ]
    for module in modules:
        result = row.modules[module.slug]
        best = round(result.best_percent, 1) if result.best_percent is not None else None
        cells += [
            labels[result.status],
            result.lessons_done,
            best,
            result.attempts,
            _local(result.completed_at, zone),
        ]
    cells += [row.sessions_attended, labels[row.status], _local(row.completed_at, zone)]
    return cells


def csv_lines(rows: Iterable[ReportRow], cohort: Cohort, modules: list[Module]) -> Iterator[str]:
    """The CSV, one line at a time, with a BOM so spreadsheet programs read UTF-8."""
    zone = time_zone(cohort.timezone)
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: list) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(
            "" if cell is None else cell.isoformat(sep=" ") if isinstance(cell, datetime) else cell
            for cell in cells
        )
        return buffer.getvalue()

    labels = status_labels()
    yield "\ufeff" + line(header(modules))
    chunk = []
    for row in rows:
        chunk.append(line(values(row, modules, zone, labels)))
        if len(chunk) == LINES_PER_CHUNK:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def xlsx_file(rows: Iterable[ReportRow], cohort: Cohort, modules: list[Module]):
    """A temporary file holding the workbook, written row by row."""
    zone = time_zone(cohort.timezone)
    labels = status_labels()
    output = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response once sent
    write_xlsx(
        output,
        _("Completion report"),
        header(modules),
        (values(row, modules, zone, labels) for row in rows),
        right_to_left=direction(current_language()) == "rtl",
    )
    output.seek(0)
    return output
