"""Server-side charts as plain data for inline SVG templates (no chart JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass

from balatkop.formatting import number, rupiah_short
from outcomes.impact import INDICATORS, PEOPLE

# A 300-unit-wide viewBox is drawn at least 1:1 in a 360 px phone's column, so text of 12
# units is never under 12 CSS px; the longest bar leaves room for "Rp 12,34 miliar".
VIEW_WIDTH = 300
BAR_MAX = 180
ROW_HEIGHT = 54


@dataclass(frozen=True)
class BarRow:
    label: str
    before: int
    after: int
    before_width: float
    after_width: float
    before_text: str
    after_text: str
    y: int


def before_after_bars(items: list[tuple[str, int, int]], *, money: bool = True) -> dict:
    """Rows of paired bars (before, after) scaled to the largest value, with positions."""
    largest = max([max(b, a) for _, b, a in items] or [0]) or 1

    def text(value: int) -> str:
        return rupiah_short(value) if money else f"{number(value)} orang"

    rows = [
        BarRow(
            label=label,
            before=before,
            after=after,
            before_width=round(BAR_MAX * before / largest, 1),
            after_width=round(BAR_MAX * after / largest, 1),
            before_text=text(before),
            after_text=text(after),
            y=index * ROW_HEIGHT,
        )
        for index, (label, before, after) in enumerate(items)
    ]
    return {
        "rows": rows,
        "width": VIEW_WIDTH,
        "height": max(len(rows), 1) * ROW_HEIGHT + 44,
        "legend_y": max(len(rows), 1) * ROW_HEIGHT + 8,
    }


def indicator_charts(total) -> list[dict]:
    """Omzet, aset and tenaga kerja, each its own chart on its own scale (an ImpactGroup)."""
    return [
        {
            "id": f"grafik-{key.replace('_', '-')}",
            "title": title,
            "chart": before_after_bars(
                [(label, getattr(total, key).before, getattr(total, key).after)],
                money=key != PEOPLE,
            ),
        }
        for key, label, title in INDICATORS
    ]


def class_matrix_cells(matrix: list[list[int]], labels: list[str]) -> list[dict]:
    """The transition matrix as rows of cells with a shade level 0–4 and a direction."""
    largest = max((n for row in matrix for n in row), default=0) or 1
    rows = []
    for b, row in enumerate(matrix):
        cells = []
        for a, n in enumerate(row):
            direction = "naik" if a > b else ("turun" if a < b else "tetap")
            level = 0 if n == 0 else 1 + round(3 * n / largest)
            cells.append({"n": n, "direction": direction, "level": level, "to": labels[a]})
        rows.append({"label": labels[b], "cells": cells, "total": sum(row)})
    return rows
