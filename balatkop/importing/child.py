"""Read one sheet of a spreadsheet in a child process under memory and CPU limits.

Run by :mod:`balatkop.importing.gate` as ``python -I child.py``: the first line of stdin is a
JSON request, the rest the file. Stdout is a pickle of ``{"sheet", "sheets", "rows"}`` (or
``{"error"}``) holding only plain values and dates. If the reader aborts or runs out of
memory, only this process dies. Imports nothing from the project on purpose.
"""

import io
import json
import pickle
import resource
import sys


def header_key(header) -> str:
    return " ".join(str(header or "").split()).casefold()


def choose_sheet(workbook, wanted: list[str], headers: list[str]):
    """The sheet named like one of ``wanted``; else the first whose header row has ``headers``."""
    names = workbook.sheet_names
    keys = [header_key(name) for name in names]
    for name in wanted:
        if header_key(name) in keys:
            return names[keys.index(header_key(name))]
    needed = set(headers)
    for meta in workbook.sheets_metadata:
        rows = workbook.get_sheet_by_name(meta.name).to_python(nrows=1)
        if rows and needed <= {header_key(cell) for cell in rows[0]}:
            return meta.name
    return names[0] if names else None


def main() -> None:
    request = json.loads(sys.stdin.buffer.readline())
    resource.setrlimit(resource.RLIMIT_AS, (request["memory"], request["memory"]))
    resource.setrlimit(resource.RLIMIT_CPU, (request["seconds"], request["seconds"]))
    data = sys.stdin.buffer.read()

    from python_calamine import CalamineWorkbook

    answer: dict
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        name = choose_sheet(workbook, request["sheets"], request["headers"])
        if name is None:
            answer = {"error": "Berkas tidak berisi lembar kerja."}
        else:
            sheet = workbook.get_sheet_by_name(name)
            if (
                sheet.total_height > request["max_rows"]
                or sheet.total_width > request["max_columns"]
            ):
                answer = {
                    "error": f"Lembar '{name}' terlalu besar ({sheet.total_height} baris × "
                    f"{sheet.total_width} kolom); batasnya {request['max_rows'] - 1} baris data × "
                    f"{request['max_columns']} kolom. Berkas ini tidak disimpan."
                }
            else:
                rows = sheet.to_python(skip_empty_area=False)
                answer = {"sheet": name, "sheets": list(workbook.sheet_names), "rows": rows}
    except Exception:
        answer = {
            "error": "Lembar kerja tidak dapat dibaca (berkas rusak atau formatnya tidak "
            "dikenal). Buka berkas di Excel atau LibreOffice, simpan sebagai .xlsx, lalu "
            "unggah lagi."
        }
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    main()
