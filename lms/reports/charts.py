"""Charts drawn on the server as SVG geometry (the template writes the elements): no JavaScript,
no external service. Each chart also has a table for screen readers in the page. In a
right-to-left page a chart is mirrored: bars grow from the right, labels stand on the right."""

from __future__ import annotations

from dataclasses import dataclass, replace

from lms.content import Module
from lms.models import Cohort
from lms.reports.service import COMPLETED, IN_PROGRESS, NOT_STARTED, Summary

COLOURS = {COMPLETED: "#17663d", IN_PROGRESS: "#f2a541", NOT_STARTED: "#d5dcd8"}
BAR_WIDTH, ROW_HEIGHT, LABEL_WIDTH = 320, 30, 90


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    value: int


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    rects: list[Rect]
    labels: list[Label]


MIRRORED_ANCHOR = {"start": "end", "end": "start", "middle": "middle"}


def mirrored(chart: Chart) -> Chart:
    """The chart as a right-to-left reader reads it: every shape reflected across the middle."""
    return replace(
        chart,
        rects=[replace(r, x=round(chart.width - r.x - r.width, 1)) for r in chart.rects],
        labels=[
            replace(label, x=round(chart.width - label.x, 1), anchor=MIRRORED_ANCHOR[label.anchor])
            for label in chart.labels
        ],
    )


def status_bars(modules: list[Module], summary: Summary) -> Chart:
    """One stacked bar per module: completed, in progress, not started."""
    rects, labels = [], []
    total = max(summary.enrolled, 1)
    for row, module in enumerate(modules):
        y = row * ROW_HEIGHT + 4
        labels.append(Label(0, y + 15, f"{module.number}", "start"))
        x = LABEL_WIDTH / 3
        for status in (COMPLETED, IN_PROGRESS, NOT_STARTED):
            count = summary.status_counts[module.slug][status]
            width = BAR_WIDTH * count / total
            if width:
                rects.append(Rect(round(x, 1), y, round(width, 1), 20, COLOURS[status], count))
            x += width
    return Chart(int(LABEL_WIDTH / 3 + BAR_WIDTH + 4), len(modules) * ROW_HEIGHT + 8, rects, labels)


def weekly_bars(cohort: Cohort, summary: Summary) -> Chart:
    """Module completions per week of the cohort."""
    counts = summary.completions_by_week
    height, column = 120, 40
    top = max(counts, default=0) or 1
    rects, labels = [], []
    for index, count in enumerate(counts):
        bar = (height - 20) * count / top
        x = index * column + 8
        rects.append(Rect(x, height - 16 - bar, column - 14, bar, COLOURS[COMPLETED], count))
        labels.append(Label(x + (column - 14) / 2, height - 2, str(index + 1), "middle"))
        if count:
            labels.append(Label(x + (column - 14) / 2, height - 20 - bar, str(count), "middle"))
    return Chart(len(counts) * column + 16, height, rects, labels)
