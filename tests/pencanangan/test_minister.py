"""The Minister's pencanangan (row 5: "diawali oleh Menkumham dan dilanjutkan oleh seluruh
Satker"): recorded as the Kementerian's own declaration by the ministry team, witnessed by the
KPK and the Ombudsman RI, shown on every satker's page, and a satker's declaration dated before
it pointed out without being refused."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Ministry
from tests.pencanangan.conftest import add_employee, pdf
from zona.audit.models import Event
from zona.cycles.models import AssessmentYear
from zona.pencanangan.models import Declaration
from zona.pencanangan.services import (
    add_publication,
    add_witness,
    save_declaration,
    upload_charter,
)
from zona.pencanangan.summary import minister_declaration, pencanangan_status, pencanangan_statuses

TODAY = timezone.localdate


def _declare(actor: Any, unit: Any, year: AssessmentYear, on: date, place: str = "") -> None:
    save_declaration(
        actor=actor,
        unit=unit,
        assessment_year=year,
        declared_on=on,
        place=place,
        declared_by="",
        declared_by_position="",
    )


def _form(on: date) -> dict[str, str]:
    return {
        "declared_on": on.isoformat(),
        "place": "Graha Pengayoman, Jakarta",
        "declared_by": "Menteri",
        "declared_by_position": "Menteri Hukum dan Hak Asasi Manusia",
    }


def test_the_ministry_team_records_the_ministers_pencanangan(
    ministry: Ministry, year: AssessmentYear
) -> None:
    kementerian = ministry.units["kementerian"]
    url = reverse("pencanangan:declaration", args=[kementerian.pk, year.year])
    on = TODAY() - timedelta(days=6)
    response = ministry.client_for("tim_kementerian").post(url, _form(on))
    assert response.status_code == 302
    minister = minister_declaration(year)
    assert minister is not None and minister.unit == kementerian and minister.declared_on == on
    (event,) = Event.objects.filter(action="pencanangan.declaration_saved")
    assert event.actor_id == ministry.users["tim_kementerian"].pk
    assert (event.after or {})["unit"] == kementerian.pk
    # the administrator may too; the leadership and the TPI see it read-only; a satker's
    # operator does not see the Kementerian at all
    assert ministry.client_for("admin").post(url, _form(on)).status_code == 302
    for persona in ("pimpinan", "tpi_itjen"):
        assert ministry.client_for(persona).post(url, _form(on)).status_code == 403
    assert ministry.client_for("operator_sby").post(url, _form(on)).status_code == 404
    page = ministry.client_for("pimpinan").get(reverse("pencanangan:unit", args=[kementerian.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Graha Pengayoman, Jakarta" in body
    assert "tim kerja kementerian" in body  # who keeps it, for a read-only visitor
    assert "Buka pakta" not in body  # the Kementerian has no pakta list of its own


def test_the_ministers_pencanangan_needs_the_kpk_and_the_ombudsman(
    ministry: Ministry, year: AssessmentYear
) -> None:
    kementerian = ministry.units["kementerian"]
    kw = {"actor": ministry.users["tim_kementerian"], "unit": kementerian, "assessment_year": year}
    _declare(kw["actor"], kementerian, year, TODAY())
    add_publication(**kw, medium="Antara", url="https://antara.example/zi")
    upload_charter(**kw, upload=pdf())
    add_witness(**kw, kind="kpk", name="Nurul", institution="KPK")
    status = pencanangan_status(kementerian, year)
    assert [r.kinds for r in status.missing_witnesses] == [frozenset({"ombudsman"})]
    body = (
        ministry.client_for("admin")
        .get(reverse("pencanangan:unit", args=[kementerian.pk]))
        .content.decode()
    )
    assert "Saksi belum tercatat: Ombudsman RI" in body
    add_witness(**kw, kind="ombudsman", name="Agus", institution="Ombudsman RI")
    assert pencanangan_status(kementerian, year).complete


def test_a_satker_page_shows_the_ministers_pencanangan_or_says_it_is_not_recorded(
    ministry: Ministry, year: AssessmentYear
) -> None:
    unit = ministry.units["kanim_sby"]
    client = ministry.client_for("operator_sby")
    body = client.get(reverse("pencanangan:unit", args=[unit.pk])).content.decode()
    assert f"Pencanangan oleh Menteri:</strong> belum dicatat untuk {year.year}." in body
    listing = client.get(reverse("pencanangan:index")).content.decode()
    assert f"belum dicatat untuk {year.year}." in listing

    on = TODAY() - timedelta(days=6)
    _declare(ministry.users["tim_kementerian"], ministry.units["kementerian"], year, on, "Jakarta")
    body = client.get(reverse("pencanangan:unit", args=[unit.pk])).content.decode()
    assert "belum dicatat untuk" not in body
    shown = f"{on.day} {_month(on)} {on.year} · Jakarta"
    assert shown in body
    listing = client.get(reverse("pencanangan:index")).content.decode()
    assert shown in listing
    assert "Buka pencanangan Menteri" not in listing  # the operator does not see the ministry
    wide = ministry.client_for("pimpinan").get(reverse("pencanangan:index")).content.decode()
    assert "Buka pencanangan Menteri" in wide


def _month(day: date) -> str:
    return [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ][day.month - 1]


def test_a_satker_declared_before_the_minister_is_warned_not_refused(
    ministry: Ministry, year: AssessmentYear
) -> None:
    unit = ministry.units["kanim_sby"]
    operator = ministry.users["operator_sby"]
    minister_on = TODAY() - timedelta(days=3)
    _declare(ministry.users["tim_kementerian"], ministry.units["kementerian"], year, minister_on)
    early = minister_on - timedelta(days=2)
    _declare(operator, unit, year, early)  # saved: a warning, not a block
    assert Declaration.objects.get(unit=unit).declared_on == early
    status = pencanangan_status(unit, year)
    assert status.before_minister and status.minister_declared_on == minister_on
    client = ministry.client_for("verifier_jatim")
    body = client.get(reverse("pencanangan:unit", args=[unit.pk])).content.decode()
    assert "mendahului pencanangan oleh Menteri" in body
    listing = client.get(reverse("pencanangan:index")).content.decode()
    assert "sebelum pencanangan oleh Menteri" in listing

    _declare(operator, unit, year, minister_on)  # the same day follows it
    assert not pencanangan_status(unit, year).before_minister
    body = client.get(reverse("pencanangan:unit", args=[unit.pk])).content.decode()
    assert "mendahului pencanangan oleh Menteri" not in body


def test_the_ministers_date_comes_in_the_same_two_queries(
    ministry: Ministry, year: AssessmentYear
) -> None:
    minister_on = TODAY() - timedelta(days=3)
    _declare(ministry.users["tim_kementerian"], ministry.units["kementerian"], year, minister_on)
    units = [u for k, u in ministry.units.items() if k != "kementerian"]
    for n, unit in enumerate(units):
        add_employee(unit, year, n)
        _declare(ministry.users["operator_sby"], unit, year, minister_on - timedelta(days=n % 2))
    with CaptureQueriesContext(connection) as queries:
        statuses = pencanangan_statuses(units, year)
    assert len(queries) == 2
    assert {s.minister_declared_on for s in statuses.values()} == {minister_on}
    early = {pk for pk, s in statuses.items() if s.before_minister}
    assert early == {u.pk for n, u in enumerate(units) if n % 2}
