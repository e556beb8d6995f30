"""Excel bulk nomination: template, good and bad files, all-or-nothing, refused uploads."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balatkop.tests.factories import kabkota
from participants.imports import HEADERS, nomination_file_import, nomination_file_preview
from participants.models import Nomination, NominationStatus, NominationUpload, Participant
from participants.tests.excel import filled_template, row
from participants.tests.factories import NominationFactory, ParticipantFactory
from programs.tests.factories import ProgramFactory, QuotaFactory


@pytest.fixture
def program(balai_ntb):
    program = ProgramFactory(balai=balai_ntb, min_business_months=12, min_omzet_per_month=5_000_000)
    QuotaFactory(program=program, kabupaten_kota=kabkota("52.71"), seats=3)
    return program


def template_for(client, program):
    response = client.get(reverse("participants:nomination_template", args=[program.pk]))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_template_has_indonesian_headers_an_example_and_drop_downs(
    client_for, petugas, program
):
    book = template_for(client_for(petugas), program)
    assert book.sheetnames[:3] == ["Usulan", "Contoh", "Petunjuk"]
    usulan = book["Usulan"]
    assert [c.value for c in usulan[1]] == HEADERS
    example = [c.value for c in book["Contoh"][2]]
    assert example[0] == "5271015703850001" and example[6] == "52.71 Kota Mataram"
    validations = {str(dv.sqref).split(":")[0]: dv for dv in usulan.data_validations.dataValidation}
    assert validations["C2"].formula1 == '"L,P"'
    assert validations["G2"].formula1 == "Daftar!$A$2:$A$2"  # one district: the officer's own
    assert usulan.column_dimensions["A"].number_format == "@"  # NIK typed in stays text


def test_the_officers_drop_down_lists_only_their_own_district(client_for, petugas, staf, program):
    own = [
        r[0].value
        for r in template_for(client_for(petugas), program)["Daftar"].iter_rows(min_row=2)
        if r[0].value
    ]
    assert own == ["52.71 Kota Mataram"]
    all_ntb = template_for(client_for(staf), program)["Daftar"]
    districts = [r[0].value for r in all_ntb.iter_rows(min_row=2) if r[0].value]
    assert len(districts) == 10 and "52.03 Kabupaten Lombok Timur" in districts


def test_a_good_file_nominates_everyone_and_fills_the_quota_first(petugas, program):
    data = filled_template(program, petugas, [row(i) for i in range(1, 6)])
    preview = nomination_file_preview(program=program, user=petugas, data=data)
    assert preview.ok and preview.extra["reserve"] == 2
    outcome = nomination_file_import(program=program, user=petugas, data=data)
    assert (outcome.created, outcome.reserve) == (5, 2)
    assert Nomination.objects.filter(program=program, status=NominationStatus.CADANGAN).count() == 2
    nomination = Nomination.objects.get(participant__name="Peserta Excel 1")
    assert nomination.business.name == "Usaha Excel 1" and nomination.baseline_omzet == 7_000_000
    assert nomination.participant.history.count() == 1  # bulk writes keep the audit trail


def test_a_known_nik_in_a_file_reuses_the_person(petugas, program):
    # The same person: the registered name and birth date match the row (1 January 1990).
    known = ParticipantFactory(
        nik=row(1)[0], name="Peserta Excel 1", birth_date=dt.date(1990, 1, 1)
    )
    NominationFactory(participant=known)
    nomination_file_import(
        program=program, user=petugas, data=filled_template(program, petugas, [row(1), row(2)])
    )
    assert Participant.objects.filter(nik=row(1)[0]).count() == 1
    assert Nomination.objects.filter(program=program, participant=known).exists()


def test_one_bad_row_leaves_the_database_unchanged(petugas, program):
    rows = [row(i) for i in range(1, 5)] + [row(5, omzet=-10)]
    data = filled_template(program, petugas, rows)
    before = (Participant.objects.count(), Nomination.objects.count())
    preview = nomination_file_preview(program=program, user=petugas, data=data)
    assert not preview.ok
    assert [r.number for r in preview.rows_with_errors] == [6]
    with pytest.raises(Exception, match="Baris 6"):
        nomination_file_import(program=program, user=petugas, data=data)
    assert (Participant.objects.count(), Nomination.objects.count()) == before


def test_every_bad_row_is_listed_with_its_reason(petugas, program):
    rows = [
        row(1, nik=5271010101900002),  # Excel made it a number
        row(2, district="52.03 Kabupaten Lombok Timur"),  # another district
        row(3, started_on="kemarin"),
        row(4, omzet=4_000_000),  # below the minimum, criteria bind
        row(5, nik="12345"),
        row(6, name=None),
        row(7),
        row(7),  # same NIK twice
        row(9, sex="P"),  # a warning only
    ]
    preview = nomination_file_preview(
        program=program, user=petugas, data=filled_template(program, petugas, rows)
    )
    errors = {r.number: " ".join(str(e) for e in r.errors) for r in preview.rows}
    assert "NIK tersimpan sebagai angka" in errors[2]
    assert "52.03 bukan wilayah Anda" in errors[3]
    assert "kolom Mulai Usaha: 'kemarin' bukan tanggal" in errors[4]
    assert "Omzet Rp 4.000.000/bulan, minimal Rp 5.000.000/bulan" in errors[5]
    assert "NIK harus 16 angka" in errors[6]
    assert "Nama wajib diisi" in errors[7]
    assert errors[8] == "" and "lebih dari sekali" in errors[9]
    assert errors[10] == "" and "berbeda dengan NIK" in preview.rows[8].warnings[0].message


def test_a_file_without_the_template_columns_is_refused(petugas, program):
    book = openpyxl.Workbook()
    book.active.append(["Nama", "Alamat"])
    book.active.append(["Siti", "Mataram"])
    out = io.BytesIO()
    book.save(out)
    preview = nomination_file_preview(program=program, user=petugas, data=out.getvalue())
    assert "Kolom tidak ditemukan" in preview.file_errors[0]
    assert ": NIK, Nama Lengkap, Jenis Kelamin" in preview.file_errors[0]


# --- Through the browser's forms -----------------------------------------------------------------


def upload(client, program, content, name="usulan.xlsx"):
    url = reverse("participants:nomination_upload", args=[program.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_upload_preview_confirm_nominates_the_whole_file(client_for, petugas, program):
    client = client_for(petugas)
    response = upload(
        client, program, filled_template(program, petugas, [row(i) for i in range(1, 5)])
    )
    upload_obj = NominationUpload.objects.get()
    assert response.url == reverse("participants:nomination_import_preview", args=[upload_obj.pk])
    page = client.get(response.url).content.decode()
    assert "4 baris" in page and "1 akan menjadi CADANGAN" in page
    assert Nomination.objects.count() == 0  # a preview writes nothing
    response = client.post(reverse("participants:nomination_import_confirm", args=[upload_obj.pk]))
    assert response.status_code == 302
    assert Nomination.objects.filter(program=program).count() == 4
    # Confirming twice does not nominate twice.
    client.post(reverse("participants:nomination_import_confirm", args=[upload_obj.pk]))
    assert Nomination.objects.filter(program=program).count() == 4


def test_confirming_a_file_with_a_bad_row_writes_nothing(client_for, petugas, program):
    client = client_for(petugas)
    upload(client, program, filled_template(program, petugas, [row(1), row(2, aset="banyak")]))
    upload_obj = NominationUpload.objects.get()
    page = client.get(reverse("participants:nomination_import_preview", args=[upload_obj.pk]))
    assert "Aset (Rp): &#x27;banyak&#x27; bukan rupiah bulat" in page.content.decode()
    client.post(reverse("participants:nomination_import_confirm", args=[upload_obj.pk]))
    assert Nomination.objects.count() == 0 and Participant.objects.count() == 0


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("usulan.txt", b"NIK;Nama\n", "Kolom tidak ditemukan"),
        ("usulan.csv", b"NIK;Nama\n", "Kolom tidak ditemukan"),
        ("usulan.xlsm", b"PK", "rusak"),
        ("usulan.xlsx", b"ini bukan excel", "rusak"),
        ("besar.xlsx", b"0" * (5 * 1024 * 1024 + 1), "terlalu besar"),
        (
            "makro.xlsx",
            _zip(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "xl/workbook.xml": b"<workbook/>",
                    "xl/vbaProject.bin": b"x",
                }
            ),
            "makro",
        ),
        (
            "bom.xlsx",
            _zip(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "xl/workbook.xml": b"<workbook/>",
                    "xl/worksheets/sheet1.xml": b"0" * (50 * 1024 * 1024),
                }
            ),
            "zip bomb",
        ),
    ],
)
def test_unsafe_or_wrong_files_are_refused_with_a_clear_message(
    client_for, petugas, program, name, content, message
):
    response = upload(client_for(petugas), program, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not NominationUpload.objects.exists()


def test_an_officer_cannot_open_another_districts_upload(
    client_for, petugas, petugas_lain, program
):
    upload(client_for(petugas), program, filled_template(program, petugas, [row(1)]))
    upload_obj = NominationUpload.objects.get()
    client = client_for(petugas_lain)
    assert (
        client.get(
            reverse("participants:nomination_import_preview", args=[upload_obj.pk])
        ).status_code
        == 404
    )
    url = reverse("participants:nomination_import_confirm", args=[upload_obj.pk])
    assert client.post(url).status_code == 404
    assert Nomination.objects.count() == 0


def test_an_empty_row_between_data_keeps_the_row_numbers_the_user_sees(petugas, program):
    empty = [None] * len(row(1))
    data = filled_template(program, petugas, [row(1), empty, row(3, omzet=-10), empty, empty])
    preview = nomination_file_preview(program=program, user=petugas, data=data)
    assert [r.number for r in preview.rows] == [2, 4]  # the empty rows are not nominees
    assert [r.number for r in preview.rows_with_errors] == [4]
