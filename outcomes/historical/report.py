"""What a historical import says: the rows it read, each finding on its row, the counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from balatkop.importing.base import Issue, Reading


@dataclass
class ImportReport:
    """What a file holds and what importing it does (or would do)."""

    rows: int = 0
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    written: bool = False
    log: object = None  # the ImportLog written, if anything was created
    reading: Reading | None = None  # the rows read, each carrying its own issues
    file_errors: list[Issue] = field(default_factory=list)
    file_warnings: list[Issue] = field(default_factory=list)
    _rows: dict = field(default_factory=dict, repr=False)

    @property
    def errors(self) -> list[Issue]:
        return self.file_errors + (self.reading.errors if self.reading else [])

    @property
    def warnings(self) -> list[Issue]:
        return self.file_warnings + (self.reading.warnings if self.reading else [])

    @property
    def notices(self) -> list[str]:
        return self.reading.notices if self.reading else []

    @property
    def ok(self) -> bool:
        return not self.file_errors and not (self.reading and self.reading.rows_with_errors)

    def _row(self, number: int):
        if self.reading is not None and not self._rows:
            self._rows = {row.number: row for row in self.reading.rows}
        return self._rows.get(number)

    def error(self, row: int, column: str, message: str) -> None:
        """Record a finding on its row (so the preview and error workbook show it there)."""
        self._record(row, column, message, warning=False)

    def warn(self, row: int, column: str, message: str) -> None:
        self._record(row, column, message, warning=True)

    def _record(self, row: int, column: str, message: str, *, warning: bool) -> None:
        target = self._row(row)
        if target is not None:
            (target.warn if warning else target.error)(column, message)
        else:
            (self.file_warnings if warning else self.file_errors).append(
                Issue(row, column, message)
            )

    def summary_lines(self) -> list[str]:
        """Counts in Indonesian, one line per kind of record."""
        lines = []
        for key, label in COUNT_LABELS.items():
            new, old = self.created[key], self.existing[key]
            if new or old:
                lines.append(f"{label}: {new} baru, {old} sudah ada")
        return lines


COUNT_LABELS = {
    "program": "Program",
    "angkatan": "Angkatan",
    "peserta": "Peserta",
    "usaha": "Usaha",
    "usulan": "Usulan (peserta per program)",
    "monitoring": "Data monitoring",
}


class ImportRejected(ValidationError):
    """The file has errors; nothing was written. ``report`` lists them row by row."""

    def __init__(self, report: ImportReport):
        self.report = report
        if report.file_errors and not report.reading:
            super().__init__([issue.message for issue in report.file_errors])  # e.g. a race
        else:
            super().__init__(
                f"Berkas tidak diimpor: masih ada baris yang salah ({len(report.errors)} "
                "kesalahan). Tidak ada data yang diubah."
            )
