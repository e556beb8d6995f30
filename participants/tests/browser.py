"""Steps that more than one browser journey walks."""

# Siti Aminah's one-person nomination, by form label.
SITI_AMINAH = {
    "NIK": "5271015703850001",
    "Nama lengkap": "Siti Aminah",
    "Nama usaha/koperasi": "Konveksi Aminah",
    "Mulai usaha": "2019-01-01",
    "Omzet per bulan (Rp)": "6000000",
    "Aset (Rp)": "45000000",
    "Tenaga kerja (orang)": "3",
}


def nominate_siti_aminah(page, more: dict[str, str] | None = None) -> None:
    """Fill the open one-person nomination form (``more``: further fields by label) and save it."""
    for label, value in {**SITI_AMINAH, **(more or {})}.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Simpan usulan").click()
    page.get_by_text("Siti Aminah berhasil diusulkan.").wait_for()
