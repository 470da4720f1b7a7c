"""Staff pages doing their work: opening a period, codes and posters, service users, paper
import, review, results with the pre-screen, publication."""

from __future__ import annotations

import io
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Ministry
from tests.surveys.conftest import EVERY_DAY, GOOD_IKM, YEAR, fill, token_for
from zona.audit.models import Event
from zona.compliance.models import Finding, FindingSource
from zona.cycles.services import create_year
from zona.instruments.models import Instrument
from zona.surveys import intake
from zona.surveys.models import (
    PeriodStatus,
    PeriodSurvey,
    Response,
    ResponseSource,
    ResponseStatus,
    ServiceProfile,
    SurveyPeriod,
    SurveyToken,
    UnitTally,
)
from zona.surveys.results import Prescreen, results_for_unit


def test_a_manager_opens_the_survey_of_a_year(ministry: Ministry) -> None:
    call_command("load_instruments", verbosity=0)
    year = create_year(
        actor=ministry.users["tim_kementerian"],
        year=2031,
        instrument=Instrument.objects.get(code="permenkumham-29-2019"),
    )
    client = ministry.client_for("tpi_balitbang")
    page = client.get(reverse("surveys:index")).content.decode()
    assert "Buka survei suatu tahun" in page and 'value="2030-10-01"' in page  # stage 1 window
    response = client.post(
        reverse("surveys:open"),
        {
            "assessment_year": year.pk,
            "questionnaires": ["ikm", "spak", "ipkp"],
            "service_from": "ipkp",
            "opens_on": "2030-10-01",
            "closes_on": "2030-11-30",
        },
    )
    assert response.status_code == 302
    period = SurveyPeriod.objects.get(assessment_year=year)
    feeds = dict(period.surveys.values_list("questionnaire__code", "feeds"))
    assert feeds == {"ikm": "", "spak": "anti_corruption_survey", "ipkp": "service_survey"}
    assert Event.objects.filter(action="survey_period.opened").count() == 1
    again = client.post(
        reverse("surveys:open"),
        {
            "assessment_year": year.pk,
            "questionnaires": ["ikm"],
            "service_from": "ikm",
            "opens_on": "2030-10-01",
            "closes_on": "2030-09-01",
        },
    )
    assert again.status_code == 400  # the year has its period; the dates are reversed


def test_codes_issue_revoke_and_rotate(ministry: Ministry, period: SurveyPeriod) -> None:
    client = ministry.client_for("tpi_balitbang")
    SurveyToken.objects.filter(unit=ministry.units["lapas_dps"]).delete()
    codes = client.get(reverse("surveys:codes", args=[YEAR])).content.decode()
    assert "Terbitkan 3 kode yang belum ada" in codes
    client.post(reverse("surveys:issue", args=[YEAR]))
    assert SurveyToken.objects.filter(unit=ministry.units["lapas_dps"]).count() == 3
    old = token_for(period, ministry.units["kanim_sby"])
    client.post(reverse("surveys:token_action", args=[old.pk, "rotate"]))
    new = token_for(period, ministry.units["kanim_sby"])
    assert new.token != old.token
    assert Client().get(f"/s/{old.token}/").status_code == 404  # the old poster stops working
    assert Client().get(f"/s/{new.token}/").status_code == 200
    client.post(reverse("surveys:token_action", args=[new.pk, "revoke"]))
    assert not SurveyToken.objects.filter(
        unit=ministry.units["kanim_sby"], revoked_at__isnull=True, survey__questionnaire__code="ikm"
    ).exists()
    actions = list(
        Event.objects.filter(action__startswith="survey_token.").values_list("action", flat=True)
    )
    assert actions.count("survey_token.rotated") == 1 and actions.count("survey_token.revoked") == 2


def test_a_kanwil_downloads_its_upt_codes(ministry: Ministry, period: SurveyPeriod) -> None:
    client = ministry.client_for("verifier_jatim")
    kanwil = ministry.units["kanwil_jatim"]
    listing = client.get(reverse("surveys:codes", args=[YEAR])).content.decode()
    assert "Kantor Imigrasi Kelas I TPI Surabaya" in listing and "Denpasar" not in listing
    page = client.get(reverse("surveys:unit_codes", args=[YEAR, kanwil.pk])).content.decode()
    assert "<svg" in page and "/s/" in page and "Unduh semua poster (3 unit)" in page
    pdf = client.get(reverse("surveys:unit_posters", args=[YEAR, kanwil.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert 'filename="poster-survei-kanwil_jatim-2026.pdf"' in pdf["Content-Disposition"]
    token = token_for(period, ministry.units["kanim_sby"])
    png = client.get(reverse("surveys:qr", args=[token.pk, "png"]))
    assert png.content.startswith(b"\x89PNG")
    svg = client.get(reverse("surveys:qr", args=[token.pk, "svg"]))
    assert b"<svg" in svg.content and svg["Content-Disposition"].startswith("attachment")


def test_a_poster_carries_unit_survey_address_and_instructions(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    from zona.surveys.qr import posters_pdf, survey_url

    site = "https://zona.example.go.id"
    token = SurveyToken.objects.select_related(
        "unit", "survey__questionnaire", "survey__period__assessment_year"
    ).get(pk=token_for(period, ministry.units["kanim_sby"]).pk)
    pdf = posters_pdf([token], site)
    assert pdf.startswith(b"%PDF")
    from django.template.loader import render_to_string
    from django.utils import translation

    from zona.surveys.qr import poster_for

    with translation.override("id"):
        html = render_to_string("surveys/poster.html", {"posters": [poster_for(token, site)]})
    assert "Kantor Imigrasi Kelas I TPI Surabaya" in html
    assert "Survei Kepuasan Masyarakat" in html
    assert survey_url(token.token, site) in html
    assert "Pindai kode QR" in html and "data:image/svg+xml" in html


def test_codes_and_posters_point_at_the_address_served(
    ministry: Ministry, period: SurveyPeriod, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from zona.surveys import qr

    settings.SITE_URL = ""  # ZONA_SITE_URL unset
    client = ministry.client_for("verifier_jatim")
    unit = ministry.units["kanim_sby"]
    token = token_for(period, unit)
    served = "http://127.0.0.1:8101"  # as `zona demo --port 8101` serves
    link = f"{served}/s/{token.token}/"
    page = client.get(
        reverse("surveys:unit_codes", args=[YEAR, unit.pk]), HTTP_HOST="127.0.0.1:8101"
    )
    assert (
        link in page.content.decode() and qr.qr_inline(token.token, served) in page.content.decode()
    )
    svg = client.get(reverse("surveys:qr", args=[token.pk, "svg"]), HTTP_HOST="127.0.0.1:8101")
    assert svg.content == qr.qr_svg(token.token, served)
    pages: list[str] = []
    monkeypatch.setattr(qr, "html_to_pdf", lambda html: pages.append(html) or b"%PDF-")
    client.get(reverse("surveys:poster", args=[token.pk]), HTTP_HOST="127.0.0.1:8101")
    client.get(reverse("surveys:unit_posters", args=[YEAR, unit.pk]), HTTP_HOST="127.0.0.1:8101")
    assert len(pages) == 2 and all(link in html for html in pages)
    # a fixed ZONA_SITE_URL wins over the address of the request
    settings.SITE_URL = "https://zona.example.go.id"
    page = client.get(
        reverse("surveys:unit_codes", args=[YEAR, unit.pk]), HTTP_HOST="127.0.0.1:8101"
    )
    assert f"https://zona.example.go.id/s/{token.token}/" in page.content.decode()
    assert served not in page.content.decode()


def test_service_users_set_the_required_sample(ministry: Ministry, period: SurveyPeriod) -> None:
    unit = ministry.units["kanim_sby"]
    client = ministry.client_for("operator_sby")
    url = reverse("surveys:profile", args=[YEAR, unit.pk])
    bad = client.post(
        url, {"service_users": "-5", "service_days": [], "opens_at": "16:00", "closes_at": "08:00"}
    )
    assert bad.status_code == 400
    assert (
        client.post(
            url,
            {
                "service_users": "10000",
                "service_days": list(EVERY_DAY),  # the response below counts on any day
                "opens_at": "07:30",
                "closes_at": "15:30",
            },
        ).status_code
        == 302
    )
    profile = ServiceProfile.objects.get(unit=unit)
    assert (profile.service_users, profile.service_days) == (10000, EVERY_DAY)
    fill(Client(), token_for(period, unit).token)
    figures = results_for_unit(period, unit).survey("ikm")
    assert figures is not None and figures.required == 370 and figures.short_of_sample == 369
    page = ministry.client_for("tpi_balitbang").get(reverse("surveys:unit", args=[YEAR, unit.pk]))
    assert "Masih perlu 369 responden lagi" in page.content.decode()


def xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("kertas.xlsx", out.getvalue())


HEADER: list[object] = [
    "u1",
    "u2",
    "u3",
    "u4",
    "u5",
    "u6",
    "u7",
    "u8",
    "u9",
    "jenis_kelamin",
    "layanan",
    "diarahkan",
]


def test_paper_surveys_are_imported_all_or_nothing(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    unit = ministry.units["kanim_sby"]
    client = ministry.client_for("tpi_balitbang")
    url = reverse("surveys:import", args=[YEAR, unit.pk])
    survey = PeriodSurvey.objects.get(period=period, questionnaire__code="ikm")
    bad = client.post(
        url,
        {
            "survey": survey.pk,
            "file": xlsx(
                [
                    HEADER,
                    [4, 3, 3, 4, 3, 4, 4, 3, 2, "P", "Paspor", "tidak"],
                    [5, 3, 3, 4, 3, 4, 4, 3, 2, "X", "Paspor", "mungkin"],
                    [None] * 9 + ["L", "", "tidak"],
                ]
            ),
        },
    )
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "harus 1, 2, 3, atau 4, atau kosong" in html and "jenis_kelamin" in html
    assert "tidak ada pertanyaan survei yang dijawab" in html
    assert Response.objects.count() == 0
    good = client.post(
        url,
        {
            "survey": survey.pk,
            "file": xlsx(
                [
                    HEADER,
                    [4, 3, 3, 4, 3, 4, 4, 3, 2, "Perempuan", "paspor", "Tidak"],
                    [3, 3, None, 4, 3, 4, 4, 3, 3, "", "", "tidak"],
                    [
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        "L",
                        "",
                        "tidak",
                    ],  # straight-lined: waits for review
                ]
            ),
        },
    )
    assert good.status_code == 302
    stored = list(Response.objects.order_by("paper_row"))
    assert [r.source for r in stored] == [ResponseSource.PAPER] * 3
    assert [r.status for r in stored] == [
        ResponseStatus.ACCEPTED,
        ResponseStatus.ACCEPTED,
        ResponseStatus.PENDING,
    ]
    assert stored[0].profile == {"gender": "P", "service": "paspor"}
    tally = UnitTally.objects.get(unit=unit, survey=survey)
    assert (tally.received, tally.paper, tally.accepted, tally.pending) == (3, 3, 2, 1)
    assert Event.objects.filter(action="survey_paper.imported").count() == 1
    call_command("survey_rebuild", "--check", stdout=io.StringIO())


def test_the_review_page_decides_with_a_reason(ministry: Ministry, period: SurveyPeriod) -> None:
    unit = ministry.units["kanim_sby"]
    fill(Client(), token_for(period, unit).token, directed="ya")
    flagged = Response.objects.get()
    client = ministry.client_for("tpi_balitbang")
    url = reverse("surveys:review", args=[YEAR])
    page = client.get(url).content.decode()
    assert "Diarahkan petugas" in page and "1 jawaban menunggu penelaahan" in page
    refused = client.post(url, {"ids": [flagged.pk], "decision": "reject", "reason": ""})
    assert refused.status_code == 400 and "Tuliskan alasan penolakan" in refused.content.decode()
    done = client.post(url, {"ids": [flagged.pk], "decision": "reject", "reason": "Diarahkan"})
    assert done.status_code == 302
    assert Response.objects.get().status == ResponseStatus.REJECTED
    assert client.get(url).content.decode().count('name="ids"') == 0


def test_a_refused_decision_keeps_what_was_chosen(ministry: Ministry, period: SurveyPeriod) -> None:
    fill(Client(), token_for(period, ministry.units["kanim_sby"]).token, directed="ya")
    flagged = Response.objects.get()
    client = ministry.client_for("tpi_balitbang")
    url = reverse("surveys:review", args=[YEAR])
    refused = client.post(url, {"ids": [flagged.pk], "decision": "reject", "reason": ""})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert f'value="{flagged.pk}" id="r-{flagged.pk}" checked' in page
    assert 'value="reject" checked' in page and 'value="accept" checked' not in page
    assert "<script>" not in page  # no inline script: the page works under a CSP


def test_the_review_page_shows_answers_as_their_labels(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    fill(Client(), token_for(period, ministry.units["kanim_sby"]).token, directed="ya")
    flagged = Response.objects.get()
    elements = flagged.survey.spec().elements
    values = flagged.answers(len(elements))
    client = ministry.client_for("tpi_balitbang")
    page = client.get(reverse("surveys:review", args=[YEAR])).content.decode()
    for element, value in zip(elements, values, strict=True):
        shown = element.options[value - 1] if value else "tidak dijawab"
        assert f'<abbr title="{element.name}">{element.code}</abbr> {shown}' in page


def submit_many(
    period: SurveyPeriod,
    unit_key: str,
    ministry: Ministry,
    code: str,
    values: tuple[int, ...],
    n: int,
) -> None:
    target = intake.resolve(token_for(period, ministry.units[unit_key], code).token)
    assert target is not None
    for _ in range(n):
        ticket = intake.FormTicket(
            target.token, uuid.uuid4(), int(timezone.now().timestamp()) - 300
        )
        answers = intake.Answers(values, {}, "tidak")
        assert (
            intake.submit(
                intake.Submission(target.basis, ticket, answers, uuid.uuid4().hex[:20], "")
            )
            == intake.Outcome.STORED
        )


def test_results_and_the_pre_screen(ministry: Ministry, period: SurveyPeriod) -> None:
    # Kanim Surabaya: anti-corruption index 3.8 → 14.25, TLHP 100 % → 5: clean 19.25;
    # IKM index 3.4 → service 17: proposed. Lapas Surabaya: the same, but one of two
    # findings open → TLHP 50 % → 2.5: clean 16.75 → coaching.
    for key in ("kanim_sby", "lapas_sby"):
        submit_many(period, key, ministry, "spak", (4, 4, 4, 4, 3), 1)  # mean 3.8
        submit_many(period, key, ministry, "ikm", (4, 3, 4, 3, 4, 3, 3, 4, 3), 1)  # 31/9
    for number, status in (("1", "sesuai"), ("2", "belum_ditindaklanjuti")):
        Finding.objects.create(
            unit=ministry.units["lapas_sby"],
            assessment_year=period.assessment_year,
            source=FindingSource.ITJEN,
            report_number="LHA-1",
            report_date=date(2025, 9, 1),
            number=number,
            finding="Temuan",
            recommendation="Tindak lanjuti",
            status=status,
        )
    kanim = results_for_unit(period, ministry.units["kanim_sby"])
    assert kanim.prescreen == Prescreen.PROPOSED
    assert kanim.components["anti_corruption"] == Decimal("14.25")
    assert kanim.groups["clean_government"] == Decimal("19.25")
    assert abs(kanim.groups["service_quality"] - Decimal(155) / Decimal(9)) < Decimal("1e-20")
    lapas = results_for_unit(period, ministry.units["lapas_sby"])
    assert lapas.tlhp_percent == 50 and lapas.prescreen == Prescreen.COACHING
    assert results_for_unit(period, ministry.units["kanim_dps"]).prescreen == Prescreen.NOT_ASSESSED

    client = ministry.client_for("tpi_balitbang")
    url = reverse("surveys:results", args=[YEAR])
    page = client.get(url, {"outcome": "proposed"}).content.decode()
    assert "Kantor Imigrasi Kelas I TPI Surabaya" in page and "Lapas Kelas I Surabaya" not in page
    # on a phone each row is a card whose figures are captioned by these labels
    assert 'data-label="IKM"' in page and 'data-label="Pemerintahan bersih"' in page
    coached = client.get(
        url, {"outcome": "coaching"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Lapas Kelas I Surabaya" in coached and "<html" not in coached  # the htmx partial
    unit_page = client.get(
        reverse("surveys:unit", args=[YEAR, ministry.units["kanim_sby"].pk])
    ).content.decode()
    assert "Direktorat Jenderal Imigrasi" in unit_page  # proposed to its Eselon I Pembina
    lapas_page = client.get(
        reverse("surveys:unit", args=[YEAR, ministry.units["lapas_sby"].pk])
    ).content.decode()
    assert "dibina oleh Kanwil Jawa Timur" in lapas_page


def test_publishing_opens_the_results_to_the_kanwil(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    url = reverse("surveys:results", args=[YEAR])
    kanwil = ministry.client_for("verifier_jatim")
    before = kanwil.get(url).content.decode()
    assert "results-not-published" in before and "Lapas Kelas I Surabaya" not in before
    manager = ministry.client_for("tpi_balitbang")
    assert (
        manager.post(reverse("surveys:status", args=[YEAR]), {"status": "published"}).status_code
        == 302
    )
    period.refresh_from_db()
    assert period.status == PeriodStatus.PUBLISHED
    listing = kanwil.get(url).content.decode()
    assert "Lapas Kelas I Surabaya" in listing and "Denpasar" not in listing
    assert "Diumumkan pada" in listing
    # collection ends: the public page says so
    assert (
        Client().get(f"/s/{token_for(period, ministry.units['kanim_sby']).token}/").status_code
        == 410
    )


def test_settings_change_the_rules_and_are_audited(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    client = ministry.client_for("tpi_balitbang")
    surveys = list(period.surveys.all())
    data = {
        "opens_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "closes_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "burst_window_minutes": 15,
        "burst_ip_limit": 4,
        "burst_net_limit": 12,
        "pattern_limit": 6,
        "off_hours_grace_minutes": 30,
        "rate_ip_limit": 40,
        "rate_token_limit": 90,
        **{f"min_seconds_{s.pk}": 45 for s in surveys},
    }
    assert client.post(reverse("surveys:settings", args=[YEAR]), data).status_code == 302
    period.refresh_from_db()
    assert (period.burst_ip_limit, period.rate_token_limit) == (4, 90)
    assert set(period.surveys.values_list("min_seconds", flat=True)) == {45}
    assert Event.objects.filter(action="survey_period.changed").count() == 1
    assert Event.objects.filter(action="period_survey.min_seconds_changed").count() == 3
    bad = client.post(reverse("surveys:settings", args=[YEAR]), {**data, "closes_on": "2000-01-01"})
    assert bad.status_code == 400


@pytest.mark.parametrize("persona", ["operator_sby", "tpi_itjen"])
def test_no_manager_controls_for_others(
    ministry: Ministry, period: SurveyPeriod, persona: str
) -> None:
    page = ministry.client_for(persona).get(reverse("surveys:period", args=[YEAR])).content.decode()
    assert "Umumkan hasil" not in page and "Tanggal dan aturan integritas" not in page


def test_a_malformed_paper_survey_xlsx_is_refused_with_a_message(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    from tests.core.hostile import xlsx as hostile_xlsx

    unit = ministry.units["kanim_sby"]
    survey = PeriodSurvey.objects.get(period=period, questionnaire__code="ikm")
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>u1</t></is></c></row>'
    broken = hostile_xlsx(row + b'<row r="2"><c r="A2"><v>1</v></row>')
    response = ministry.client_for("tpi_balitbang").post(
        reverse("surveys:import", args=[YEAR, unit.pk]),
        {"survey": survey.pk, "file": SimpleUploadedFile("survei.xlsx", broken)},
    )
    assert response.status_code == 400
    assert "Ini bukan berkas .xlsx yang dapat dibaca." in response.content.decode()
    assert Response.objects.count() == 0


@pytest.mark.parametrize("sent", ["²", "1" + "0" * 25, "abc"])
def test_review_ids_that_are_not_ids_are_refused_not_a_500(
    ministry: Ministry, period: SurveyPeriod, sent: str
) -> None:
    fill(Client(), token_for(period, ministry.units["kanim_sby"]).token, directed="ya")
    client = ministry.client_for("tpi_balitbang")
    url = reverse("surveys:review", args=[YEAR])
    response = client.post(url, {"ids": [sent], "decision": "accept", "reason": ""})
    assert response.status_code == 400
    assert Response.objects.get().status != ResponseStatus.ACCEPTED


@pytest.mark.parametrize("sent", ["²", "1" + "0" * 5000])
def test_a_survey_answer_that_is_not_1_to_4_is_shown_as_a_problem(
    ministry: Ministry, period: SurveyPeriod, sent: str
) -> None:
    token = token_for(period, ministry.units["kanim_sby"]).token
    response = fill(Client(), token, GOOD_IKM | {"u1": sent})
    assert response.status_code == 400
    assert "Pilih salah satu jawaban yang tersedia" in response.content.decode()
    assert Response.objects.count() == 0
