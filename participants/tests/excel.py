"""Build nomination files the way users do: download the template, fill it in, save."""

import datetime as dt
import io

import openpyxl

from participants.imports import nomination_template_write
from participants.nik import make_nik


def row(serial, district="52.71 Kota Mataram", **overrides):
    """One filled-in row of the template's 'Usulan' sheet, as a list in column order."""
    values = {
        "nik": make_nik("52.71", dt.date(1990, 1, 1) + dt.timedelta(days=serial // 9999), "L",
                        serial % 9999 + 1),
        "name": f"Peserta Excel {serial}",
        "sex": "L",
        "birth_date": None,
        "phone": "0812",
        "address": "Mataram",
        "district": district,
        "role": "Pemilik Usaha",
        "kind": "Usaha (UMKM)",
        "business": f"Usaha Excel {serial}",
        "sector": "Tata boga",
        "nib": "",
        "started_on": dt.date(2019, 5, 1),
        "omzet": 7_000_000,
        "aset": 30_000_000,
        "workers": 2,
    }  # fmt: skip
    values |= overrides
    return list(values.values())


def filled_template(program, user, rows) -> bytes:
    """The template as the app serves it, with ``rows`` typed into the 'Usulan' sheet."""
    blank = io.BytesIO()
    nomination_template_write(blank, program=program, user=user)
    book = openpyxl.load_workbook(io.BytesIO(blank.getvalue()))
    sheet = book["Usulan"]
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
