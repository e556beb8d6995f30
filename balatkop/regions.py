"""Indonesia's 38 provinces and 514 kabupaten/kota (Kemendagri codes), from idn-area-data."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_regions(provinsi_model, kabupaten_kota_model) -> tuple[int, int]:
    """Insert or update every province and kab/kota; safe to run again. Returns the counts."""
    with open(DATA_DIR / "provinces.csv", encoding="utf-8") as fh:
        provinces = [provinsi_model(code=r["code"], name=r["name"]) for r in csv.DictReader(fh)]
    with open(DATA_DIR / "regencies.csv", encoding="utf-8") as fh:
        regencies = [
            kabupaten_kota_model(code=r["code"], provinsi_id=r["province_code"], name=r["name"])
            for r in csv.DictReader(fh)
        ]
    provinsi_model.objects.bulk_create(
        provinces, update_conflicts=True, unique_fields=["code"], update_fields=["name"]
    )
    kabupaten_kota_model.objects.bulk_create(
        regencies,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "provinsi"],
    )
    return len(provinces), len(regencies)
