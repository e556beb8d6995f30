"""Shared pieces of the benchmark: Django set-up for scripts, medians, the result table."""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BALAI = "BESAR"
NOT_YET = "belum tersedia"


def django_setup() -> None:
    """Production-like settings (DEBUG off) on the database named by DATABASE_URL."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balatkop.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    import django

    django.setup()


@contextlib.contextmanager
def scratch_database(sqlite_file: str):
    """Django set up on a fresh, migrated test database (``test_<name>``, dropped afterwards;
    on SQLite ``sqlite_file`` in the temporary folder): the development data are never touched."""
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(tempfile.gettempdir()) / sqlite_file)
    print(f"Database: {connection.vendor}")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def median(values: list[float]) -> float:
    return statistics.median(values)


def seconds_text(value: float) -> str:
    """``1.23 s`` from one second up, ``456 ms`` below."""
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms"


def database_label() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"PostgreSQL {connection.pg_version // 10000} ({connection.settings_dict['NAME']})"
    return f"SQLite ({connection.settings_dict['NAME']})"


@dataclass
class Row:
    """One line of the table: what was measured, the figure, the target and the verdict."""

    item: str
    figure: str
    target: str = ""
    verdict: str = ""  # "✓", "✗" or "" (no target)


def verdict(ok: bool | None) -> str:
    if ok is None:
        return ""
    return "✓" if ok else "✗"


def print_table(title: str, rows: list[Row], notes: list[str]) -> str:
    """The result as one Markdown table (pasteable into the README); also returned."""
    headers = ("Ukuran", "Hasil (median)", "Target", "Tercapai")
    body = [(r.item, r.figure, r.target, r.verdict) for r in rows]
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(headers)]
    lines = [f"### {title}", ""]
    lines.append("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for b in body:
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(b, widths, strict=True)) + " |")
    lines.append("")
    lines += [f"- {note}" for note in notes]
    text = "\n".join(lines)
    print(text, flush=True)
    return text
