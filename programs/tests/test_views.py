"""Pages of the programs app: what each role sees, Indonesian validation, bounded queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.models import NominationStatus
from participants.tests.factories import NominationFactory
from programs.models import Angkatan, Bidang, Instruktur, Program, ProgramStatus, Quota
from programs.tests.factories import (
    AngkatanFactory,
    InstrukturFactory,
    ProgramFactory,
    QuotaFactory,
)

pytestmark = pytest.mark.django_db

NTB_DISTRICTS = [
    "52.01", "52.02", "52.03", "52.04", "52.05", "52.06", "52.07", "52.08", "52.71", "52.72",
]  # fmt: skip


def program_data(**overrides):
    data = {
        "code": "NTB-2020-01",
        "name": "Pelatihan Kewirausahaan UMKM",
        "year": 2020,
        "jenjang": "",
        "bidang": Bidang.objects.get(name="Konveksi").pk,
        "target_group": "umkm",
        "funding_source": "apbd",
        "budget": "",
        "target_participants": 600,
        "days_per_angkatan": 4,
        "min_business_months": 12,
        "min_omzet_per_month": 5_000_000,
        "prerequisite_level": "",
        "criteria_block": "on",
        "nomination_opens": "2020-10-01",
        "nomination_closes": "2020-10-31",
        "min_attendance_percent": 80,
        "certificate_pattern": "{nomor}/BALATKOP-{provinsi}/{tahun}",
        "followup_rounds": "6, 12",
        "reported_trained_count": "",
    }
    return {**data, **overrides}


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def populate(balai, n: int, *, year: int = 2020):
    """``n`` programmes, each with quotas, angkatan (with instructors) and nominations."""
    for _ in range(n):
        program = ProgramFactory(balai=balai, year=year)
        QuotaFactory(program=program, kabupaten_kota_id="52.71", seats=60)
        QuotaFactory(program=program, kabupaten_kota_id="52.03", seats=60)
        angkatan = AngkatanFactory(program=program)
        angkatan.instructors.add(InstrukturFactory(balai=balai))
        NominationFactory(program=program, angkatan=angkatan, status=NominationStatus.DITEMPATKAN)
        NominationFactory(program=program, status=NominationStatus.LULUS, kabupaten_kota_id="52.03")


# --- Programme list ----------------------------------------------------------------------


def test_programme_list_groups_by_year_and_filters(client_for, staf):
    ProgramFactory(balai=staf.balai, code="NTB-2019", year=2019, status=ProgramStatus.FINISHED)
    ProgramFactory(balai=staf.balai, code="NTB-2020", year=2020)
    ProgramFactory(code="LAIN-2020", year=2020)  # another balai
    client = client_for(staf)
    page = client.get(reverse("programs:program_list")).content.decode()
    assert "Tahun 2020" in page and "Tahun 2019" in page
    assert "NTB-2019" in page and "NTB-2020" in page and "LAIN-2020" not in page
    filtered = client.get(reverse("programs:program_list"), {"tahun": 2019}).content.decode()
    assert "NTB-2019" in filtered and "NTB-2020" not in filtered
    by_status = client.get(reverse("programs:program_list"), {"status": "selesai"}).content.decode()
    assert "NTB-2019" in by_status and "NTB-2020" not in by_status
    searched = client.get(reverse("programs:program_list"), {"q": "2020"}).content.decode()
    assert "NTB-2020" in searched and "NTB-2019" not in searched


def test_district_officer_lists_only_open_programmes_with_own_quota(client_for, petugas):
    open_program = ProgramFactory(balai=petugas.balai, code="BUKA")
    QuotaFactory(program=open_program, kabupaten_kota_id="52.71", seats=37)
    QuotaFactory(program=open_program, kabupaten_kota_id="52.03", seats=41)
    ProgramFactory(balai=petugas.balai, code="DRAF", status=ProgramStatus.DRAFT)
    page = client_for(petugas).get(reverse("programs:program_list"))
    programs = list(page.context["programs"])
    assert [p.code for p in programs] == ["BUKA"]
    assert programs[0].quota_total == 37
    assert "Program baru" not in page.content.decode()


def test_programme_list_queries_do_not_grow_with_rows(client_for, staf):
    client = client_for(staf)
    url = reverse("programs:program_list")
    populate(staf.balai, 2)
    few = count_queries(client, url)
    populate(staf.balai, 8, year=2021)
    assert count_queries(client, url) == few


# --- Year overview -----------------------------------------------------------------------


def test_year_overview_shows_2019_2020_and_the_2021_plan_side_by_side(client_for, pimpinan):
    balai = pimpinan.balai
    ProgramFactory(
        balai=balai, year=2019, target_participants=1086, reported_trained_count=1086,
        status=ProgramStatus.FINISHED,
    )  # fmt: skip
    ProgramFactory(
        balai=balai, year=2020, target_participants=600, reported_trained_count=600,
        status=ProgramStatus.FINISHED,
    )  # fmt: skip
    ProgramFactory(balai=balai, year=2021, target_participants=740, status=ProgramStatus.DRAFT)
    response = client_for(pimpinan).get(reverse("programs:year_overview"))
    years = {y["year"]: y for y in response.context["years"]}
    assert (years[2019]["trained_total"], years[2020]["trained_total"]) == (1086, 600)
    assert (years[2021]["target"], years[2021]["trained_total"], years[2021]["is_plan"]) == (
        740,
        0,
        True,
    )
    page = response.content.decode()
    assert "1.086" in page and "740" in page and "Rencana" in page


def test_year_overview_counts_graduates_in_the_database(client_for, staf):
    program = ProgramFactory(balai=staf.balai, year=2022, target_participants=4)
    NominationFactory.create_batch(3, program=program, status=NominationStatus.LULUS)
    NominationFactory(program=program, status=NominationStatus.MENGUNDURKAN_DIRI)
    response = client_for(staf).get(reverse("programs:year_overview"))
    (year,) = response.context["years"]
    assert (year["trained_total"], year["achievement"]) == (3, 75.0)
    assert "75,0%" in response.content.decode()


def test_year_overview_queries_do_not_grow_with_rows(client_for, pimpinan):
    client = client_for(pimpinan)
    url = reverse("programs:year_overview")
    populate(pimpinan.balai, 2)
    few = count_queries(client, url)
    populate(pimpinan.balai, 6, year=2021)
    populate(pimpinan.balai, 2, year=2019)
    assert count_queries(client, url) == few


# --- Programme page ----------------------------------------------------------------------


def test_programme_page_shows_quota_funnel_and_seats_per_angkatan(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    QuotaFactory(program=program, kabupaten_kota_id="52.71", seats=60)
    angkatan = AngkatanFactory(program=program, number=1, capacity=60)
    NominationFactory(program=program, angkatan=angkatan, status=NominationStatus.DITEMPATKAN)
    NominationFactory(program=program, status=NominationStatus.DITERIMA)
    NominationFactory(program=program, status=NominationStatus.DITOLAK)
    response = client_for(staf).get(reverse("programs:program_detail", args=[program.pk]))
    rows = {r["district"].code: r["district"] for r in response.context["district_rows"]}
    assert len(rows) == 10
    mataram = rows["52.71"]
    assert (mataram.quota_seats, mataram.nominated, mataram.accepted, mataram.placed) == (
        60,
        3,
        2,
        1,
    )
    (row,) = response.context["angkatan_list"]
    assert (row.capacity, row.filled, row.places_left) == (60, 1, 59)
    assert response.context["quota_form"] is not None
    assert "Riwayat perubahan" in response.content.decode()


def test_district_officer_sees_only_own_quota_row_and_no_history(client_for, petugas):
    program = ProgramFactory(balai=petugas.balai)
    QuotaFactory(program=program, kabupaten_kota_id="52.71", seats=60)
    QuotaFactory(program=program, kabupaten_kota_id="52.03", seats=45)
    response = client_for(petugas).get(reverse("programs:program_detail", args=[program.pk]))
    codes = [r["district"].code for r in response.context["district_rows"]]
    assert codes == ["52.71"]
    page = response.content.decode()
    assert "Kota Mataram" in page and "Lombok Timur" not in page
    assert response.context["quota_form"] is None
    assert response.context["history"] is None
    assert "Ubah program" not in page


def test_head_reads_programme_with_history_but_no_forms(client_for, pimpinan):
    program = ProgramFactory(balai=pimpinan.balai)
    response = client_for(pimpinan).get(reverse("programs:program_detail", args=[program.pk]))
    assert response.context["quota_form"] is None
    assert response.context["history"]
    assert response.context["next_statuses"] == []


def test_programme_page_queries_do_not_grow_with_angkatan_or_nominations(client_for, staf):
    client = client_for(staf)
    program = ProgramFactory(balai=staf.balai)
    url = reverse("programs:program_detail", args=[program.pk])
    AngkatanFactory(program=program).instructors.add(InstrukturFactory(balai=staf.balai))
    NominationFactory(program=program)
    few = count_queries(client, url)
    for _ in range(5):
        angkatan = AngkatanFactory(program=program)
        angkatan.instructors.add(InstrukturFactory(balai=staf.balai))
        NominationFactory(program=program, angkatan=angkatan, kabupaten_kota_id="52.03")
        QuotaFactory(program=program, kabupaten_kota_id="52.03", seats=5)
    assert count_queries(client, url) == few


# --- Programme create and edit -----------------------------------------------------------


def test_staff_create_a_programme_in_their_balai(client_for, staf):
    response = client_for(staf).post(reverse("programs:program_create"), program_data())
    program = Program.objects.get(code="NTB-2020-01")
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:program_detail", args=[program.pk])
    assert program.balai == staf.balai
    assert program.status == ProgramStatus.DRAFT
    assert program.followup_rounds == [6, 12]


def test_programme_form_speaks_indonesian(client_for, staf):
    ProgramFactory(balai=staf.balai, code="NTB-2020-01")
    data = program_data(
        name="",
        year=1999,
        nomination_closes="2020-09-01",
        jenjang=1,
        prerequisite_level=1,
        followup_rounds="enam",
    )
    response = client_for(staf).post(reverse("programs:program_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["code"] == ["Kode program sudah dipakai di balai ini."]
    assert errors["name"] == ["Bidang ini tidak boleh kosong."]
    assert errors["year"] == ["Pastikan nilai ini lebih besar dari atau sama dengan 2000."]
    assert errors["nomination_closes"] == ["Tanggal tutup usulan tidak boleh sebelum tanggal buka."]
    assert errors["prerequisite_level"] == ["Jenjang prasyarat harus di bawah jenjang program (1)."]
    assert errors["followup_rounds"] == ["Isi bulan berupa angka, dipisah koma (mis. 6, 12)."]


def test_same_code_in_another_balai_is_fine(client_for, staf):
    ProgramFactory(code="NTB-2020-01")  # another balai
    response = client_for(staf).post(reverse("programs:program_create"), program_data())
    assert response.status_code == 302


def test_admin_chooses_the_balai(client_for, admin_user, balai_ntb):
    client = client_for(admin_user)
    response = client.post(reverse("programs:program_create"), program_data())
    assert response.context["form"].errors["balai"] == ["Bidang ini tidak boleh kosong."]
    response = client.post(reverse("programs:program_create"), program_data(balai=balai_ntb.pk))
    assert response.status_code == 302
    assert Program.objects.get(code="NTB-2020-01").balai == balai_ntb


def test_staff_edit_a_programme_and_history_records_who(client_for, staf):
    program = ProgramFactory(balai=staf.balai, code="NTB-2020-01", target_participants=500)
    client = client_for(staf)
    response = client.post(
        reverse("programs:program_update", args=[program.pk]),
        program_data(target_participants=600),
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.target_participants == 600
    assert program.history.first().history_user == staf
    page = client.get(reverse("programs:program_detail", args=[program.pk])).content.decode()
    assert "target peserta: 500 → 600" in page


def test_lowering_the_target_below_the_quotas_warns(client_for, staf):
    program = ProgramFactory(balai=staf.balai, code="NTB-2020-01", target_participants=600)
    QuotaFactory(program=program, seats=600)
    response = client_for(staf).post(
        reverse("programs:program_update", args=[program.pk]),
        program_data(target_participants=500),
        follow=True,
    )
    assert "Jumlah kuota (600) kini melebihi target peserta (500)." in response.content.decode()


def test_edit_form_shows_followup_rounds_as_text(client_for, staf):
    program = ProgramFactory(balai=staf.balai, followup_rounds=[3, 6, 12])
    response = client_for(staf).get(reverse("programs:program_update", args=[program.pk]))
    assert response.context["form"].initial["followup_rounds"] == "3, 6, 12"


# --- Status buttons ----------------------------------------------------------------------


def test_status_button_moves_the_programme(client_for, staf):
    program = ProgramFactory(balai=staf.balai, status=ProgramStatus.NOMINATION_OPEN)
    client = client_for(staf)
    url = reverse("programs:program_transition", args=[program.pk])
    response = client.post(url, {"to": ProgramStatus.NOMINATION_CLOSED}, follow=True)
    program.refresh_from_db()
    assert program.status == ProgramStatus.NOMINATION_CLOSED
    assert "Status program kini “Usulan ditutup”." in response.content.decode()


def test_status_button_explains_a_refused_step(client_for, staf):
    program = ProgramFactory(balai=staf.balai, status=ProgramStatus.NOMINATION_CLOSED)
    url = reverse("programs:program_transition", args=[program.pk])
    response = client_for(staf).post(url, {"to": ProgramStatus.RUNNING}, follow=True)
    assert "Buat minimal satu angkatan sebelum pelatihan dimulai." in response.content.decode()
    program.refresh_from_db()
    assert program.status == ProgramStatus.NOMINATION_CLOSED


# --- Quota table -------------------------------------------------------------------------


def quota_post(**seats):
    data = {"action": "simpan"}
    for code in NTB_DISTRICTS:
        data[f"kuota_{code.replace('.', '_')}"] = seats.get(code, "")
    return data


def test_bagi_rata_fills_sixty_each_without_saving(client_for, staf):
    program = ProgramFactory(balai=staf.balai, status=ProgramStatus.DRAFT, target_participants=600)
    url = reverse("programs:quota_update", args=[program.pk])
    response = client_for(staf).post(url, {**quota_post(), "action": "bagi_rata"})
    assert response.status_code == 200
    form = response.context["quota_form"]
    assert all(form[form.field_name(c)].value() == "60" for c in NTB_DISTRICTS)
    assert not Quota.objects.filter(program=program).exists()


def test_quota_table_saves_all_districts_at_once(client_for, staf):
    program = ProgramFactory(balai=staf.balai, target_participants=600)
    url = reverse("programs:quota_update", args=[program.pk])
    response = client_for(staf).post(url, quota_post(**dict.fromkeys(NTB_DISTRICTS, 60)))
    assert response.status_code == 302
    assert sorted(program.quotas.values_list("seats", flat=True)) == [60] * 10


def test_quota_above_target_asks_for_confirmation_in_indonesian(client_for, staf):
    program = ProgramFactory(balai=staf.balai, target_participants=600)
    url = reverse("programs:quota_update", args=[program.pk])
    client = client_for(staf)
    seats = quota_post(**dict.fromkeys(NTB_DISTRICTS, 61))
    response = client.post(url, seats)
    assert response.status_code == 200
    assert response.context["quota_form"].errors["confirm_over_target"] == [
        "Jumlah kuota 610 melebihi target peserta 600. Centang konfirmasi bila memang disengaja."
    ]
    assert not program.quotas.exists()
    response = client.post(url, {**seats, "confirm_over_target": "on"})
    assert response.status_code == 302
    assert sum(program.quotas.values_list("seats", flat=True)) == 610


def test_negative_quota_is_a_form_error(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    url = reverse("programs:quota_update", args=[program.pk])
    response = client_for(staf).post(url, quota_post(**{"52.71": -5}))
    form = response.context["quota_form"]
    assert form.errors["kuota_52_71"] == ["Pastikan nilai ini lebih besar dari atau sama dengan 0."]


def test_quota_page_get_goes_back_to_the_programme(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    response = client_for(staf).get(reverse("programs:quota_update", args=[program.pk]))
    assert response["Location"] == reverse("programs:program_detail", args=[program.pk])


# --- Angkatan pages ----------------------------------------------------------------------


def angkatan_post(**overrides):
    data = {
        "number": 1,
        "start_date": "2020-11-17",
        "end_date": "2020-11-20",
        "venue": "Balatkop NTB",
        "capacity": 60,
    }
    return {**data, **overrides}


def test_angkatan_form_asks_to_confirm_a_different_length(client_for, staf):
    program = ProgramFactory(balai=staf.balai, days_per_angkatan=4)
    url = reverse("programs:angkatan_create", args=[program.pk])
    client = client_for(staf)
    response = client.post(url, angkatan_post(end_date="2020-11-22"))
    assert response.context["form"].errors["confirm_length"] == [
        "Lama angkatan 6 hari, sedangkan program ini 4 hari per angkatan. "
        "Centang konfirmasi bila memang disengaja."
    ]
    response = client.post(url, angkatan_post(end_date="2020-11-22", confirm_length="on"))
    assert response.status_code == 302
    assert program.angkatan.get().length_days == 6


def test_angkatan_form_refuses_end_before_start(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    url = reverse("programs:angkatan_create", args=[program.pk])
    response = client_for(staf).post(url, angkatan_post(end_date="2020-11-01"))
    assert response.context["form"].errors["end_date"] == [
        "Tanggal selesai tidak boleh sebelum tanggal mulai."
    ]


def test_angkatan_form_requires_dates_in_indonesian(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    url = reverse("programs:angkatan_create", args=[program.pk])
    response = client_for(staf).post(url, angkatan_post(start_date="", capacity=0))
    errors = response.context["form"].errors
    assert errors["start_date"] == ["Bidang ini tidak boleh kosong."]
    assert errors["capacity"] == ["Pastikan nilai ini lebih besar dari atau sama dengan 1."]


def test_angkatan_capacity_below_placed_is_refused_on_the_form(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    angkatan = AngkatanFactory(program=program, number=1, capacity=60)
    NominationFactory.create_batch(
        2, program=program, angkatan=angkatan, status=NominationStatus.DITEMPATKAN
    )
    url = reverse("programs:angkatan_update", args=[angkatan.pk])
    response = client_for(staf).post(url, angkatan_post(capacity=1))
    assert response.context["form"].errors["capacity"] == [
        "Kapasitas tidak boleh kurang dari 2 peserta yang sudah ditempatkan."
    ]


def test_angkatan_edit_sets_instructors_of_the_balai(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    angkatan = AngkatanFactory(program=program, number=1)
    instruktur = InstrukturFactory(balai=staf.balai)
    url = reverse("programs:angkatan_update", args=[angkatan.pk])
    response = client_for(staf).post(url, angkatan_post(instructors=[instruktur.pk]))
    assert response.status_code == 302
    assert list(angkatan.instructors.all()) == [instruktur]


def test_generator_page_creates_ten_angkatan_of_sixty(client_for, staf):
    program = ProgramFactory(balai=staf.balai, target_participants=600)
    url = reverse("programs:angkatan_generate", args=[program.pk])
    response = client_for(staf).post(
        url, {"count": 10, "capacity": 60, "first_start": "2020-11-17"}, follow=True
    )
    assert program.angkatan.count() == 10
    assert sum(program.angkatan.values_list("capacity", flat=True)) == 600
    page = response.content.decode()
    assert "10 angkatan dibuat (nomor 1–10)" in page
    assert "masih di bawah target" not in page


def test_generator_warns_when_capacity_stays_below_target(client_for, staf):
    program = ProgramFactory(balai=staf.balai, target_participants=600)
    url = reverse("programs:angkatan_generate", args=[program.pk])
    response = client_for(staf).post(
        url, {"count": 5, "capacity": 60, "first_start": "2020-11-17"}, follow=True
    )
    assert "Total kapasitas angkatan (300) masih di bawah target peserta (600)." in (
        response.content.decode()
    )


def test_generator_form_limits_the_count(client_for, staf):
    program = ProgramFactory(balai=staf.balai)
    url = reverse("programs:angkatan_generate", args=[program.pk])
    response = client_for(staf).post(url, {"count": 51, "capacity": 60, "first_start": ""})
    errors = response.context["form"].errors
    assert errors["count"] == ["Pastikan nilai ini lebih kecil dari atau sama dengan 50."]
    assert errors["first_start"] == ["Bidang ini tidak boleh kosong."]
    assert not Angkatan.objects.exists()


def test_angkatan_page_shows_instructors(client_for, pimpinan):
    angkatan = AngkatanFactory(program=ProgramFactory(balai=pimpinan.balai), number=2)
    angkatan.instructors.add(InstrukturFactory(balai=pimpinan.balai, name="Baiq Nurul"))
    response = client_for(pimpinan).get(reverse("programs:angkatan_detail", args=[angkatan.pk]))
    assert "Baiq Nurul" in response.content.decode()


# --- Instruktur and bidang ---------------------------------------------------------------


def test_instruktur_list_is_per_balai_and_searchable(client_for, staf, outsider):
    InstrukturFactory(balai=staf.balai, name="Lalu Ahmad", expertise="Tata boga")
    InstrukturFactory(balai=staf.balai, name="Made Sari", expertise="Konveksi")
    InstrukturFactory(balai=outsider.balai, name="Siti Jateng")
    client = client_for(staf)
    page = client.get(reverse("programs:instruktur_list")).content.decode()
    assert "Lalu Ahmad" in page and "Made Sari" in page and "Siti Jateng" not in page
    page = client.get(reverse("programs:instruktur_list"), {"q": "boga"}).content.decode()
    assert "Lalu Ahmad" in page and "Made Sari" not in page


def test_instruktur_list_queries_do_not_grow_with_rows(client_for, staf):
    client = client_for(staf)
    url = reverse("programs:instruktur_list")
    InstrukturFactory.create_batch(2, balai=staf.balai)
    few = count_queries(client, url)
    InstrukturFactory.create_batch(15, balai=staf.balai)
    assert count_queries(client, url) == few


def test_staff_add_and_edit_an_instruktur(client_for, staf):
    client = client_for(staf)
    response = client.post(
        reverse("programs:instruktur_create"), {"name": "Lalu Ahmad", "expertise": "Tata boga"}
    )
    assert response.status_code == 302
    instruktur = Instruktur.objects.get(name="Lalu Ahmad")
    assert instruktur.balai == staf.balai
    response = client.post(
        reverse("programs:instruktur_update", args=[instruktur.pk]),
        {"name": "Lalu Ahmad", "expertise": "Tata boga, pengemasan"},
    )
    instruktur.refresh_from_db()
    assert instruktur.expertise == "Tata boga, pengemasan"


def test_bidang_list_lets_staff_add_a_field(client_for, staf):
    client = client_for(staf)
    response = client.post(reverse("programs:bidang_create"), {"name": "Fotografi Produk"})
    assert response.status_code == 302
    page = client.get(reverse("programs:bidang_list")).content.decode()
    assert "Fotografi Produk" in page and "Tata Boga" in page


def test_bidang_duplicate_is_refused_in_indonesian(client_for, staf):
    response = client_for(staf).post(reverse("programs:bidang_create"), {"name": "tata boga"})
    assert response.context["form"].errors["name"] == ["Bidang “tata boga” sudah ada."]


def test_bidang_list_queries_do_not_grow_with_rows(client_for, pimpinan):
    client = client_for(pimpinan)
    url = reverse("programs:bidang_list")
    few = count_queries(client, url)
    Bidang.objects.bulk_create([Bidang(name=f"Bidang uji {i}") for i in range(20)])
    ProgramFactory.create_batch(3, balai=pimpinan.balai)
    assert count_queries(client, url) == few


def test_district_officer_cannot_open_change_pages(client_for, petugas):
    program = ProgramFactory(balai=petugas.balai)
    client = client_for(petugas)
    assert client.get(reverse("programs:program_update", args=[program.pk])).status_code == 403
    assert client.get(reverse("programs:instruktur_list")).status_code == 403


def test_outsider_gets_404_for_another_balais_programme(client_for, outsider, balai_ntb):
    program = ProgramFactory(balai=balai_ntb)
    response = client_for(outsider).get(reverse("programs:program_detail", args=[program.pk]))
    assert response.status_code == 404


def test_date_widgets_render_iso_dates(client_for, staf):
    program = ProgramFactory(balai=staf.balai, nomination_opens=dt.date(2020, 10, 1))
    page = client_for(staf).get(reverse("programs:program_update", args=[program.pk]))
    assert 'value="2020-10-01"' in page.content.decode()
