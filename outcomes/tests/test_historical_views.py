"""The historical import in the browser: upload, preview with row errors, confirm, template."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balatkop.importing.gate import read_table
from outcomes.historical import HEADERS, write_historical_book
from outcomes.models import HistoricalUpload, ImportLog
from outcomes.tests.test_historical import row
from participants.models import Nomination

pytestmark = pytest.mark.django_db


def xlsx(rows, name="riwayat-2020.xlsx"):
    buffer = io.BytesIO()
    write_historical_book(buffer, rows)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, rows, **extra):
    return client.post(reverse("outcomes:historical_import"), {"file": xlsx(rows), **extra})


def test_staff_upload_preview_and_confirm_a_good_file(client_for, staf):
    client = client_for(staf)

    response = upload(client, [row(1), row(2)])
    preview = client.get(response["Location"])

    assert "Konfirmasi impor 2 baris" in preview.content.decode()
    assert "Usulan (peserta per program): 2 baru, 0 sudah ada" in preview.content.decode()
    assert not Nomination.objects.exists()  # nothing written before confirmation

    pending = HistoricalUpload.objects.get()
    done = client.post(reverse("outcomes:historical_confirm", args=[pending.pk]), follow=True)

    assert Nomination.objects.count() == 2
    assert "2 baris diimpor" in done.content.decode()
    pending.refresh_from_db()
    assert pending.imported_at is not None and bytes(pending.data) == b""
    assert pending.log == ImportLog.objects.get()
    assert pending.log.imported_by == staf


def test_preview_lists_each_bad_row_and_offers_no_confirmation(client_for, staf):
    client = client_for(staf)

    response = upload(client, [row(1), row(2, Status="Lulus?"), row(3, NIK="12345")])
    page = client.get(response["Location"]).content.decode()

    assert "Baris" in page and "Lulus?" in page and "NIK harus 16 angka" in page
    assert "Konfirmasi impor" not in page
    assert "Tidak ada yang disimpan" in page


def test_confirming_a_file_with_bad_rows_writes_nothing(client_for, staf):
    client = client_for(staf)
    upload(client, [row(1), row(2, Status="Lulus?")])
    pending = HistoricalUpload.objects.get()

    response = client.post(reverse("outcomes:historical_confirm", args=[pending.pk]), follow=True)

    assert "masih ada baris yang salah" in response.content.decode()
    assert not Nomination.objects.exists()
    assert HistoricalUpload.objects.get().imported_at is None


def test_a_file_that_is_not_xlsx_is_refused_with_a_reason(client_for, staf):
    client = client_for(staf)
    fake = SimpleUploadedFile("riwayat.xlsx", b"NIK;Nama\n5271;Siti\n")

    response = client.post(reverse("outcomes:historical_import"), {"file": fake})

    assert response.status_code == 200
    assert "rusak atau bukan lembar kerja" in response.content.decode()
    assert not HistoricalUpload.objects.exists()


def test_staff_import_into_their_own_balai_and_the_admin_chooses(
    client_for, staf, admin_user, balai_jateng
):
    upload(client_for(staf), [row(1)])
    assert HistoricalUpload.objects.get().balai == staf.balai

    response = upload(client_for(admin_user), [row(1)])
    assert response.status_code == 200  # the admin has no balai: the form asks for one
    upload(client_for(admin_user), [row(1)], balai=staf.balai.pk)
    assert HistoricalUpload.objects.count() == 2


def test_the_template_has_exactly_the_design_headers_and_a_petunjuk_sheet(client_for, staf):
    response = client_for(staf).get(reverse("outcomes:historical_template"))

    assert response["Content-Disposition"].endswith('"templat-impor-historis.xlsx"')
    data = b"".join(response.streaming_content) if response.streaming else response.content
    table = read_table(data, sheet_names=["Data"], headers=[])
    assert table.headers == HEADERS and table.rows == []
    assert table.sheets == ["Data", "Contoh", "Petunjuk"]
    guide = read_table(data, sheet_names=["Petunjuk"], headers=[])
    explained = {cells[0] for _, cells in guide.rows if cells and cells[0]}
    assert set(HEADERS) <= explained


def test_the_import_page_lists_earlier_imports_of_the_balai_only(client_for, staf, outsider):
    client = client_for(staf)
    upload(client, [row(1)])
    client.post(reverse("outcomes:historical_confirm", args=[HistoricalUpload.objects.get().pk]))

    mine = client.get(reverse("outcomes:historical_import")).content.decode()
    theirs = client_for(outsider).get(reverse("outcomes:historical_import")).content.decode()

    assert "riwayat-2020.xlsx" in mine
    assert "riwayat-2020.xlsx" not in theirs
