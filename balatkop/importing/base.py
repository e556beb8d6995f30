"""The importer base: an importer declares its columns; reading, errors and preview are shared.

An importer (``participants.imports``, ``outcomes.historical``, ``outcomes.round_import``)
is a subclass of :class:`Importer` naming its data sheet and its :class:`Column` list, and
adding its own row rules in :meth:`Importer.check_row`. Headers are matched whatever their
case, spacing and order; columns outside the template are ignored with a notice; each row
keeps the number Excel shows; every problem reads ``Baris N, kolom X: …``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from balatkop import cells
from balatkop.importing.gate import Table, header_key, read_table

MAX_LISTED_ROWS = 50  # rows named in a refusal; the rest are counted
READERS = {
    "text": cells.text,
    "nik": cells.nik,
    "nib": cells.nib,
    "phone": cells.phone,
    "rupiah": cells.rupiah,
    "people": cells.people,
    "whole": cells.whole,
    "date": cells.date,
    "kabkota": cells.kabupaten_kota,
}
# How the template writes each kind (balatkop.xlsx column kinds).
WRITTEN_AS = {"nik": "nik", "nib": "nik", "phone": "nik", "rupiah": "rupiah", "people": "int",
              "whole": "year", "date": "date"}  # fmt: skip


@dataclass(frozen=True)
class Column:
    """One declared column: its header, kind of cell, whether it is required, its guide."""

    key: str
    header: str
    kind: str = "text"  # a READERS key, or "choice"
    required: bool = False  # the cell must be filled
    guide: str = ""
    example: object = None
    width: int | None = None
    max_length: int | None = None
    options: dict | None = None  # for "choice": lookup built with cells.choices_from
    labels: tuple[str, ...] = ()  # for "choice": what the drop-down offers
    in_file: bool = True  # the header must be in the file (informative columns: False)
    limits: tuple[int, int] | None = None  # a whole number's range, offered as Excel's check

    def read(self, value):
        if self.kind == "choice":
            return cells.choice(value, self.options or {}, shown=list(self.labels) or None)
        if self.kind == "text":
            return cells.text(value, max_length=self.max_length)
        return READERS[self.kind](value)

    @property
    def written_as(self) -> str:
        return WRITTEN_AS.get(self.kind, "text")


@dataclass(frozen=True)
class Issue:
    """One finding about one cell (or row) of the file, as Excel numbers rows."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Baris {self.row}" + (f", kolom {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class Row:
    """One data row: its Excel row number, the cells as typed, the values read from them."""

    number: int
    raw: list
    values: dict = field(default_factory=dict)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def error(self, column: str, message: str) -> None:
        self.errors.append(Issue(self.number, column, message))

    def warn(self, column: str, message: str) -> None:
        self.warnings.append(Issue(self.number, column, message))

    def flagged(self, column: str) -> bool:
        return any(issue.column == column for issue in self.errors)

    def __getitem__(self, key):
        return self.values[key]


@dataclass
class Reading:
    """A file read by an importer: its rows, with the problems of each, and the file's own."""

    importer: Importer
    table: Table | None = None
    rows: list[Row] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # what an importer adds (counts, warnings)

    @property
    def ok(self) -> bool:
        return not self.file_errors and bool(self.rows) and not self.rows_with_errors

    @property
    def rows_with_errors(self) -> list[Row]:
        return [row for row in self.rows if row.errors]

    @property
    def rows_with_warnings(self) -> list[Row]:
        return [row for row in self.rows if row.warnings]

    @property
    def errors(self) -> list[Issue]:
        return [issue for row in self.rows for issue in row.errors]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for row in self.rows for issue in row.warnings]

    def error_lines(self, limit: int = MAX_LISTED_ROWS) -> list[str]:
        """``Baris N, kolom X: …`` for the first ``limit`` bad rows, then how many more."""
        bad = self.rows_with_errors
        lines = [str(issue) for row in bad[:limit] for issue in row.errors]
        if len(bad) > limit:
            lines.append(f"… dan {len(bad) - limit} baris lain.")
        return self.file_errors + lines

    def refuse_if_wrong(self) -> None:
        """All or nothing: raise the error lines if the file or any row is wrong."""
        if self.file_errors or self.rows_with_errors:
            raise ValidationError(self.error_lines())
        if not self.rows:
            raise ValidationError("Berkas tidak berisi baris data.")

    def column_of(self, header: str) -> int | None:
        """Where a declared column sits in the user's file (0-based), if it is there."""
        if self.table is None:
            return None
        wanted = header_key(header)
        for index, found in enumerate(self.table.headers):
            if header_key(found) == wanted:
                return index
        return None

    def preview_rows(self, *, all_up_to: int = 500, limit: int = 200) -> list[Row]:
        """Every row of a small file; of a big one, the rows with something to say."""
        if len(self.rows) <= all_up_to:
            return self.rows
        return [row for row in self.rows if row.errors or row.warnings][:limit]

    def preview_table(self) -> list[tuple[Row, list[tuple]]]:
        """The preview's rows, each with its (value, kind) for the importer's preview columns."""
        columns = self.importer.preview_columns
        return [
            (row, [(row.values.get(c.key), c.kind) for c in columns]) for row in self.preview_rows()
        ]


class Importer:
    """Declare ``sheet`` (the data sheet's name), ``columns`` and ``preview`` (column keys)."""

    sheet: str = "Data"
    columns: tuple[Column, ...] = ()
    preview: tuple[str, ...] = ()
    noun: str = "baris data"

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def preview_columns(self) -> list[Column]:
        return [self.column(key) for key in self.preview]

    def table(self, data: bytes, *, name: str = "") -> Table:
        """The file's data sheet, through the gate (a refused file raises ValidationError)."""
        required = [header_key(c.header) for c in self.columns if c.in_file]
        return read_table(data, name=name, sheet_names=[self.sheet], headers=required)

    def read(self, data: bytes, *, name: str = "") -> Reading:
        """Read a file that the gate lets through; a refused file raises ValidationError."""
        return self.parse(self.table(data, name=name))

    def file_errors(self, table: Table) -> list[str]:
        """What is wrong with the file as a whole: missing columns, no data."""
        found = {header_key(header) for header in table.headers if header}
        missing = [
            c.header for c in self.columns if c.in_file and header_key(c.header) not in found
        ]
        if missing:
            return [
                f"Kolom tidak ditemukan di lembar '{table.sheet or self.sheet}': "
                f"{', '.join(missing)}. Gunakan templat yang diunduh dari aplikasi."
            ]
        if not any(any(value is not None for value in cells) for _, cells in table.rows):
            return [f"Berkas tidak berisi {self.noun}."]
        return []

    def parse(self, table: Table) -> Reading:
        reading = Reading(importer=self, table=table)
        reading.file_errors = self.file_errors(table)
        if reading.file_errors:
            return reading
        position: dict[str, int] = {}
        for index, header in enumerate(table.headers):
            if header:
                position.setdefault(header_key(header), index)
        declared = {header_key(c.header) for c in self.columns}
        extra = [h for h in table.headers if h and header_key(h) not in declared]
        if extra:
            reading.notices.append(f"Kolom di luar templat diabaikan: {', '.join(extra)}.")
        where = [(c, position.get(header_key(c.header))) for c in self.columns]
        for number, raw in table.rows:
            if all(value is None for value in raw):
                continue  # an empty row inside the data: skipped, later rows keep their numbers
            row = Row(number=number, raw=raw)
            for column, index in where:
                value = raw[index] if index is not None else None
                try:
                    row.values[column.key] = column.read(value)
                except cells.CellError as error:
                    row.values[column.key] = None
                    row.error(column.header, error.message)
                    continue
                if column.required and row.values[column.key] in (None, ""):
                    row.error(column.header, "Wajib diisi.")
            self.check_row(row)
            reading.rows.append(row)
        return reading

    def check_row(self, row: Row) -> None:
        """The importer's own rules for one row, without the database (override)."""
