#!/usr/bin/env python3
"""Print a workbook as a head would: LibreOffice to PDF, pages per sheet, PNG of chosen pages.

    .venv/bin/python scripts/render_workbook.py laporan.xlsx [--png-dir DIR] [--png-sheet Ringkasan]

Each sheet is printed on its own (the others hidden in a copy of the file, charts kept), so
the page count of every sheet is exact. Needs ``soffice`` and ``pdftoppm`` on PATH; without
them the script says so and exits 2. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path


def sheet_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    return [_unescape(name) for name in re.findall(r'<sheet [^>]*name="([^"]*)"', workbook)]


def _unescape(text: str) -> str:
    return (
        text.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    )


def _hide_sheets(workbook_xml: str, keep: int) -> str:
    tags = re.findall(r"<sheet [^>]*/>", workbook_xml)
    for index, tag in enumerate(tags):
        plain = re.sub(r'\sstate="[^"]*"', "", tag)
        hidden = plain if index == keep else plain.replace("<sheet ", '<sheet state="hidden" ', 1)
        workbook_xml = workbook_xml.replace(tag, hidden, 1)
    return workbook_xml


def only_sheet(data: bytes, keep: int) -> bytes:
    """A copy of the workbook in which every sheet but number ``keep`` is hidden."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                text = _hide_sheets(content.decode(), keep)
                # A print area or print titles make LibreOffice print a hidden sheet anyway.
                text = re.sub(
                    r'<definedName name="_xlnm\.[^"]*" localSheetId="(\d+)"[^>]*>[^<]*</definedName>',
                    lambda m: m.group(0) if int(m.group(1)) == keep else "",
                    text,
                )
                text = re.sub(r'activeTab="\d+"', f'activeTab="{keep}"', text)
                if "activeTab" not in text:
                    text = text.replace("<workbookView ", f'<workbookView activeTab="{keep}" ', 1)
                content = text.encode()
            elif item.filename.startswith("xl/worksheets/sheet"):
                content = content.replace(b'tabSelected="1"', b'tabSelected="0"')
            out.writestr(item, content)
    return target.getvalue()


def to_pdf(xlsx: Path, outdir: Path, profile: Path) -> Path:
    subprocess.run(
        [
            "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
            "--convert-to", "pdf", "--outdir", str(outdir), str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "LANG": "id_ID.UTF-8", "LC_ALL": "id_ID.UTF-8"},
    )  # fmt: skip
    return outdir / (xlsx.stem + ".pdf")


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--png-dir", type=Path, help="Write PNGs of the first page of sheets here.")
    parser.add_argument("--png-sheet", action="append", default=None, help="Sheet(s) to draw.")
    parser.add_argument("--only", action="append", default=None, help="Print only these sheets.")
    args = parser.parse_args()
    if not (shutil.which("soffice") and shutil.which("pdftoppm") and shutil.which("pdfinfo")):
        print("LibreOffice (soffice) atau poppler (pdftoppm, pdfinfo) tidak terpasang.")
        return 2
    data = args.workbook.read_bytes()
    names = sheet_names(data)
    wanted = set(args.png_sheet or ["Ringkasan"])
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        profile = tmp / "profile"
        total = 0
        for index, name in enumerate(names):
            if args.only and name not in args.only:
                continue
            copy = tmp / f"sheet{index:02d}.xlsx"
            copy.write_bytes(only_sheet(data, index))
            pdf = to_pdf(copy, tmp, profile)
            pages = page_count(pdf)
            total += pages
            print(f"{name}: {pages} halaman")
            if args.png_dir and name in wanted:
                args.png_dir.mkdir(parents=True, exist_ok=True)
                slug = re.sub(r"\W+", "-", name)
                stem = args.png_dir / f"{args.workbook.stem}-{slug}"
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(pdf), str(stem)],
                    check=True,
                )
                shutil.copy(pdf, stem.with_suffix(".pdf"))
        print(f"Jumlah: {total} halaman")
    return 0


if __name__ == "__main__":
    sys.exit(main())
