"""The public survey page: no login, Bahasa Indonesia, light, one response per device and form."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone
from django.utils.functional import empty

from tests.conftest import Ministry
from tests.surveys.conftest import GOOD_IKM, fill, ticket_of, token_for
from zona.surveys.intake import DEVICE_COOKIE
from zona.surveys.models import (
    PeriodStatus,
    Response,
    ResponseStatus,
    SurveyPeriod,
    UnitTally,
)
from zona.surveys.services import revoke_token

PAGE_BUDGET = 50 * 1024  # bytes: the page and its stylesheet


def test_the_form_is_indonesian_complete_and_light(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    token = token_for(period, ministry.units["kanim_sby"])
    response = Client().get(f"/s/{token.token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Kantor Imigrasi Kelas I TPI Surabaya" in html
    assert "Survei Kepuasan Masyarakat" in html
    for number in range(1, 10):
        assert f'name="u{number}"' in html
    assert "Tidak sesuai" in html and "Gratis" in html and "Dikelola dengan baik" in html
    assert "Paspor" in html  # the service options of a Kantor Imigrasi
    assert "mengarahkan Saudara" in html  # the check question
    assert "Kirim jawaban" in html
    assert "pico" not in html and "htmx" not in html and "<script" not in html
    css = finders.find("surveys/survey.css")
    assert css
    with open(css, "rb") as stylesheet:
        size = len(response.content) + len(stylesheet.read())
    assert size <= PAGE_BUDGET, f"{size} bytes"
    # every radio button sits inside its label (large touch target) and groups have legends
    assert html.count('<label class="opt') == html.count('type="radio"')
    assert html.count("<legend>") == html.count("<fieldset")


def test_no_session_no_user_no_csrf_cookie(ministry: Ministry, period: SurveyPeriod) -> None:
    token = token_for(period, ministry.units["kanim_sby"])
    client = Client()
    page = client.get(f"/s/{token.token}/")
    assert set(page.cookies) == {DEVICE_COOKIE}
    request = page.wsgi_request
    assert request.session.accessed is False
    assert request.user.__dict__["_wrapped"] is empty  # never evaluated
    sent = client.post(
        f"/s/{token.token}/",
        {"ticket": ticket_of(page.content.decode()), "directed": "tidak", **GOOD_IKM},
    )
    assert sent.status_code == 303
    assert sent.wsgi_request.session.accessed is False
    assert sent.wsgi_request.user.__dict__["_wrapped"] is empty
    assert "sessionid" not in sent.cookies and "csrftoken" not in sent.cookies


def test_a_logged_in_official_gets_the_public_page_without_the_staff_site(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    token = token_for(period, ministry.units["kanim_sby"])
    client = ministry.client_for("operator_sby")
    page = client.get(f"/s/{token.token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Keluar" not in html and "Log out" not in html and "operator" not in html.lower()
    assert page.wsgi_request.session.accessed is False


def test_a_response_is_stored_once_and_counted(ministry: Ministry, period: SurveyPeriod) -> None:
    unit = ministry.units["kanim_sby"]
    token = token_for(period, unit)
    client = Client()
    response = fill(client, token.token)
    assert response.status_code == 303
    assert response["Location"] == f"/s/{token.token}/terima-kasih/"
    thanks = client.get(response["Location"])
    assert "Terima kasih" in thanks.content.decode()
    assert "Survei Persepsi Anti Korupsi" in thanks.content.decode()  # the unit's other surveys
    stored = Response.objects.get()
    assert stored.status == ResponseStatus.ACCEPTED and stored.flags == 0
    assert stored.answers(9) == [4, 3, 3, 4, 3, 4, 4, 3, 3]
    assert stored.check_answer == "tidak" and stored.token_id == token.pk
    tally = UnitTally.objects.get(survey=token.survey, unit=unit)
    assert (tally.received, tally.accepted, tally.pending) == (1, 1, 0)
    assert tally.sums(9) == [(1, 4), (1, 3), (1, 3), (1, 4), (1, 3), (1, 4), (1, 4), (1, 3), (1, 3)]


def test_a_form_given_before_tickets_carried_their_code_is_still_taken(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    """A page given out before an upgrade has a ticket without the code's basis: its post
    takes the full path (the code is looked up) and is stored like any other."""
    from zona.surveys import intake

    token = token_for(period, ministry.units["kanim_sby"])
    client = Client()
    client.get(f"/s/{token.token}/")  # the device cookie
    issued = int(timezone.now().timestamp()) - 120
    old = intake.FormTicket(token.token, uuid.uuid4(), issued).dumps()
    assert fill(client, token.token, ticket=old).status_code == 303
    assert Response.objects.get().duration_seconds in (120, 121)
    assert UnitTally.objects.get(survey=token.survey, unit=token.unit).accepted == 1


def test_the_same_form_twice_stores_one_response(ministry: Ministry, period: SurveyPeriod) -> None:
    token = token_for(period, ministry.units["kanim_sby"])
    client = Client()
    ticket = ticket_of(client.get(f"/s/{token.token}/").content.decode())
    first = fill(client, token.token, ticket=ticket)
    again = fill(client, token.token, ticket=ticket)  # a double tap or a retried request
    assert first.status_code == again.status_code == 303
    assert Response.objects.count() == 1
    assert UnitTally.objects.get(survey=token.survey, unit=token.unit).received == 1


def test_the_same_key_from_another_device_is_still_one_response(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    token = token_for(period, ministry.units["kanim_sby"])
    ticket = ticket_of(Client().get(f"/s/{token.token}/").content.decode())
    one, two = Client(), Client()
    one.get(f"/s/{token.token}/")
    two.get(f"/s/{token.token}/")
    assert fill(one, token.token, ticket=ticket).status_code == 303
    assert fill(two, token.token, ticket=ticket).status_code == 303
    assert Response.objects.count() == 1


def test_a_form_is_stored_under_the_device_its_page_was_given_to(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    """The ticket names the device: a form is one response whatever cookie sends it, and it
    keeps the device that asked for the page."""
    from zona.surveys import intake

    token = token_for(period, ministry.units["kanim_sby"])
    client = Client()
    page = client.get(f"/s/{token.token}/")
    device = page.cookies[DEVICE_COOKIE].value.split(":")[0]
    ticket = intake.read_ticket(ticket_of(page.content.decode()), token.token)
    assert ticket is not None and ticket.device == device
    assert fill(client, token.token, ticket=ticket.dumps()).status_code == 303
    assert Response.objects.get().device_key == device
    # the cookie only has to name the ticket's device for the short path; a forged one
    # naming it changes nothing, and the same form again is the same response
    forged = Client()
    forged.cookies[DEVICE_COOKIE] = f"{device}:forged"
    assert fill(forged, token.token, ticket=ticket.dumps()).status_code == 303
    assert Response.objects.count() == 1
    assert UnitTally.objects.get(survey=token.survey, unit=token.unit).received == 1


def test_a_device_that_answered_may_not_send_another_devices_form(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    token = token_for(period, ministry.units["kanim_sby"])
    client = Client()
    assert fill(client, token.token).status_code == 303
    borrowed = ticket_of(Client().get(f"/s/{token.token}/").content.decode())
    again = fill(client, token.token, ticket=borrowed)
    assert again.status_code == 200 and "Anda sudah menjawab" in again.content.decode()
    # a device that has not answered may send a form given to another one: stored once,
    # under the device the page was given to
    fresh = Client()
    fresh.get(f"/s/{token.token}/")
    assert fill(fresh, token.token, ticket=borrowed).status_code == 303
    assert fill(fresh, token.token, ticket=borrowed).status_code == 303
    assert Response.objects.count() == 2


def test_one_response_per_device_per_unit_and_survey(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    sby, dps = ministry.units["kanim_sby"], ministry.units["kanim_dps"]
    client = Client()
    assert fill(client, token_for(period, sby).token).status_code == 303
    # a second form on the same device: refused kindly, nothing stored
    page = client.get(f"/s/{token_for(period, sby).token}/")
    assert page.status_code == 200 and "Anda sudah menjawab" in page.content.decode()
    assert "ticket" not in page.content.decode()
    ticket = ticket_of(Client().get(f"/s/{token_for(period, sby).token}/").content.decode())
    again = fill(client, token_for(period, sby).token, ticket=ticket)
    assert again.status_code == 200 and "Anda sudah menjawab" in again.content.decode()
    assert Response.objects.count() == 1
    # the same device may answer another survey of the unit, and another unit
    spak = {"u1": "4", "u2": "4", "u3": "3", "u4": "4", "u5": "4"}
    assert fill(client, token_for(period, sby, "spak").token, spak).status_code == 303
    assert fill(client, token_for(period, dps).token).status_code == 303
    # another device answers the first survey again
    assert fill(Client(), token_for(period, sby).token).status_code == 303
    assert Response.objects.count() == 4


def test_bad_and_revoked_codes_get_a_friendly_page(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    client = Client()
    for code in ("tidakada00", "x" * 30, "a-b"):
        page = client.get(f"/s/{code}/")
        assert page.status_code == 404
        assert "Kode survei tidak dikenali" in page.content.decode()
        assert client.post(f"/s/{code}/", {"directed": "tidak", **GOOD_IKM}).status_code == 404
    token = token_for(period, ministry.units["kanim_sby"])
    ticket = ticket_of(client.get(f"/s/{token.token}/").content.decode())
    revoke_token(actor=ministry.users["tpi_balitbang"], token=token)
    assert fill(client, token.token, ticket=ticket).status_code == 404
    assert Response.objects.count() == 0


def test_a_closed_or_future_period_stores_nothing(ministry: Ministry, period: SurveyPeriod) -> None:
    token = token_for(period, ministry.units["kanim_sby"])
    client = Client()
    ticket = ticket_of(client.get(f"/s/{token.token}/").content.decode())
    SurveyPeriod.objects.filter(pk=period.pk).update(status=PeriodStatus.CLOSED)
    closed = fill(client, token.token, ticket=ticket)
    assert closed.status_code == 410 and "Survei sudah ditutup" in closed.content.decode()
    SurveyPeriod.objects.filter(pk=period.pk).update(
        status=PeriodStatus.OPEN, opens_on=timezone.localdate() + timedelta(days=3)
    )
    early = client.get(f"/s/{token.token}/")
    assert early.status_code == 410 and "belum dimulai" in early.content.decode()
    SurveyPeriod.objects.filter(pk=period.pk).update(
        status=PeriodStatus.PUBLISHED, opens_on=timezone.localdate() - timedelta(days=3)
    )
    assert fill(client, token.token, ticket=ticket).status_code == 410
    assert Response.objects.count() == 0


def test_wrong_answers_are_explained_and_kept(ministry: Ministry, period: SurveyPeriod) -> None:
    token = token_for(period, ministry.units["kanim_sby"])
    client = Client()
    answers = {**GOOD_IKM, "u2": "7", "gender": "X", "education": "s1"}
    page = fill(client, token.token, answers, directed="")
    assert page.status_code == 400
    html = page.content.decode()
    assert 'role="alert"' in html and 'href="#q-u2"' in html and 'href="#q-directed"' in html
    assert 'name="u1" value="4" checked' in html  # the good answers are kept
    assert 'name="education" value="s1" checked' in html
    assert Response.objects.count() == 0
    nothing = fill(client, token.token, {}, directed="tidak")
    assert nothing.status_code == 400 and "Jawablah setidaknya satu" in nothing.content.decode()


def test_a_tampered_ticket_keeps_the_answers_and_stores_nothing(
    ministry: Ministry, period: SurveyPeriod
) -> None:
    token = token_for(period, ministry.units["kanim_sby"])
    client = Client()
    ticket = ticket_of(client.get(f"/s/{token.token}/").content.decode())
    page = fill(client, token.token, ticket=ticket[:-2] + "xx")
    assert page.status_code == 400
    assert "Halaman ini terbuka terlalu lama" in page.content.decode()
    assert Response.objects.count() == 0
    resent = client.post(
        f"/s/{token.token}/",
        {"ticket": ticket_of(page.content.decode()), "directed": "tidak", **GOOD_IKM},
    )
    assert resent.status_code == 303 and Response.objects.count() == 1


def test_blocked_cookies_are_explained(ministry: Ministry, period: SurveyPeriod) -> None:
    from zona.surveys import intake

    token = token_for(period, ministry.units["kanim_sby"])
    client = Client()
    ticket = ticket_of(client.get(f"/s/{token.token}/").content.decode())
    client.cookies.clear()
    page = fill(client, token.token, ticket=ticket)
    assert page.status_code == 400 and "cookie" in page.content.decode()
    assert Response.objects.count() == 0
    # a browser that only lost the cookie gets it again, naming the form's device, and its
    # second send is stored under that device
    device = page.cookies[DEVICE_COOKIE].value.split(":")[0]
    again = fill(client, token.token, ticket=ticket_of(page.content.decode()))
    assert again.status_code == 303
    assert Response.objects.get().device_key == device
    given = intake.read_ticket(ticket, token.token)
    assert given is not None and given.device == device


def test_rate_limits_per_address_and_per_code(ministry: Ministry, period: SurveyPeriod) -> None:
    SurveyPeriod.objects.filter(pk=period.pk).update(rate_ip_limit=2, rate_token_limit=3)
    token = token_for(period, ministry.units["kanim_sby"])
    for _ in range(2):
        assert fill(Client(), token.token, ip="10.9.9.9").status_code == 303
    busy = fill(Client(), token.token, ip="10.9.9.9")
    assert busy.status_code == 429 and busy["Retry-After"] == "60"
    assert "Tunggu sebentar" in busy.content.decode()
    assert fill(Client(), token.token, ip="10.9.9.10").status_code == 303
    assert fill(Client(), token.token, ip="10.9.9.11").status_code == 429  # 3 per minute per code
    assert Response.objects.count() == 3


def test_the_landing_page(ministry: Ministry) -> None:
    page = Client().get("/s/")
    assert page.status_code == 200 and "pindai kode QR" in page.content.decode()


@pytest.mark.parametrize(
    "typed",
    ["{code}", " {code} ", "https://zona.example.go.id/s/{code}/", "127.0.0.1:8000/s/{code}"],
)
def test_a_code_typed_on_the_landing_page_opens_its_survey(
    ministry: Ministry, period: SurveyPeriod, typed: str
) -> None:
    token = token_for(period, ministry.units["kanim_sby"]).token
    response = Client().get("/s/", {"kode": typed.format(code=token)})
    assert response.status_code == 302 and response["Location"] == f"/s/{token}/"


def test_a_malformed_code_is_explained_and_kept(ministry: Ministry) -> None:
    response = Client().get("/s/", {"kode": "ab$12"})
    page = response.content.decode()
    assert response.status_code == 400 and "hanya berisi huruf dan angka" in page
    assert 'value="ab$12"' in page and 'aria-invalid="true"' in page


def test_each_public_state_has_its_own_title(ministry: Ministry, period: SurveyPeriod) -> None:
    landing = Client().get("/s/").content.decode()
    unknown = Client().get("/s/NOSUCHCODE1/").content.decode()
    assert "<title>Survei publik" in landing
    assert "<title>Kode survei tidak dikenali" in unknown
