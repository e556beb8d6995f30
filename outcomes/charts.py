"""Server-side charts as plain data for inline SVG templates (no chart JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass

from balatkop.formatting import rupiah_short

BAR_MAX = 400  # viewBox units for the longest bar; the rest holds the value text
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
        return rupiah_short(value) if money else f"{value:,}".replace(",", ".")

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
        "height": max(len(rows), 1) * ROW_HEIGHT + 24,
        "legend_y": len(rows) * ROW_HEIGHT + 12,
    }


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
