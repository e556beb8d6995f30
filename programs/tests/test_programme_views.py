"""Programme pages: the list, the year overview, one programme, its form and status buttons."""

import datetime as dt

import pytest
from django.urls import reverse

from balatkop.tests.queries import count_queries
from participants.models import NominationStatus
from participants.tests.factories import NominationFactory
from programs.models import Bidang, Program, ProgramStatus
from programs.tests.factories import (
    AngkatanFactory,
    InstrukturFactory,
    ProgramFactory,
    QuotaFactory,
)

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize(
    "url_name, role", [("programs:program_list", "staf"), ("programs:year_overview", "pimpinan")]
)
def test_programme_list_and_year_overview_queries_do_not_grow_with_rows(
    url_name, role, request, client_for
):
    user = request.getfixturevalue(role)
    client = client_for(user)
    url = reverse(url_name)
    populate(user.balai, 2)
    few = count_queries(client, url)
    populate(user.balai, 6, year=2021)
    populate(user.balai, 2, year=2019)
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


# --- Who may open what ------------------------------------------------------------------


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
