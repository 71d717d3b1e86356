"""Charts drawn on the server as SVG geometry (the template writes the elements): no JavaScript,
no external service. Each chart also has a table for screen readers in the page. In a
right-to-left page a chart is mirrored: bars grow from the right, labels stand on the right."""

from __future__ import annotations

from dataclasses import dataclass, replace

from lms.content import Module
from lms.reports.service import COMPLETED, IN_PROGRESS, NOT_STARTED, Summary

COLOURS = {COMPLETED: "#17663d", IN_PROGRESS: "#f2a541", NOT_STARTED: "#d5dcd8"}
BAR_WIDTH, ROW_HEIGHT, LABEL_WIDTH = 320, 30, 90
MIN_WIDTH = 240  # room for the axis titles under a cohort of few weeks


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


# Rows of text: a title's or a value's baseline sits this far below the top of its row.
TEXT_ROW, BASELINE = 18, 13


def status_bars(modules: list[Module], summary: Summary, x_title: str, y_title: str) -> Chart:
    """One stacked bar per module: completed, in progress, not started; the module numbers
    under the y-axis title, the learners' axis titled below the bars."""
    rects, labels = [], [Label(0, BASELINE, y_title, "start")]
    total = max(summary.enrolled, 1)
    bars_start = LABEL_WIDTH / 3
    for row, module in enumerate(modules):
        y = TEXT_ROW + row * ROW_HEIGHT + 4
        labels.append(Label(0, y + 15, f"{module.number}", "start"))
        x = bars_start
        for status in (COMPLETED, IN_PROGRESS, NOT_STARTED):
            count = summary.status_counts[module.slug][status]
            width = BAR_WIDTH * count / total
            if width:
                rects.append(Rect(round(x, 1), y, round(width, 1), 20, COLOURS[status], count))
            x += width
    height = TEXT_ROW + len(modules) * ROW_HEIGHT + 8 + TEXT_ROW
    labels.append(
        Label(bars_start + BAR_WIDTH / 2, height - TEXT_ROW + BASELINE, x_title, "middle")
    )
    return Chart(int(bars_start + BAR_WIDTH + 4), height, rects, labels)


def weekly_bars(summary: Summary, x_title: str, y_title: str) -> Chart:
    """Module completions per week of the cohort: the y-axis title on top, then a row for the
    tallest bar's value, the bars, the week numbers and the x-axis title."""
    counts = summary.completions_by_week
    column, bar_room = 40, 90
    plot_top = 2 * TEXT_ROW  # the title's row, then the value row of the tallest bar
    plot_bottom = plot_top + bar_room
    height = plot_bottom + 2 * TEXT_ROW
    width = max(len(counts) * column + 16, MIN_WIDTH)
    top = max(counts, default=0) or 1
    rects, labels = [], [Label(0, BASELINE, y_title, "start")]
    for index, count in enumerate(counts):
        bar = bar_room * count / top
        x = index * column + 8
        middle = x + (column - 14) / 2
        rects.append(Rect(x, plot_bottom - bar, column - 14, bar, COLOURS[COMPLETED], count))
        labels.append(Label(middle, plot_bottom + BASELINE, str(index + 1), "middle"))
        if count:
            labels.append(Label(middle, plot_bottom - bar - 4, str(count), "middle"))
    labels.append(Label(width / 2, plot_bottom + TEXT_ROW + BASELINE, x_title, "middle"))
    return Chart(width, height, rects, labels)
