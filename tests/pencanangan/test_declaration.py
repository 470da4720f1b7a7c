"""The declaration: date and place, witnesses, publications, the signed piagam in versions, the
completeness indicator, the stage window, and an audit event for every change."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from tests.conftest import Ministry
from tests.pencanangan.conftest import PDF, pdf, png, set_window
from zona.audit.models import Event
from zona.cycles.models import AssessmentYear, Stage
from zona.cycles.services import StageClosed, reopen_stage
from zona.files.services import FileRejected
from zona.pencanangan.models import CharterVersion, Declaration, Publication, Witness
from zona.pencanangan.services import (
    add_publication,
    add_witness,
    remove_publication,
    remove_witness,
    save_declaration,
    upload_charter,
)
from zona.pencanangan.summary import pencanangan_status


@pytest.fixture
def kw(ministry: Ministry, year: AssessmentYear) -> dict[str, Any]:
    return {
        "actor": ministry.users["operator_sby"],
        "unit": ministry.units["kanim_sby"],
        "assessment_year": year,
    }


def _declare(kw: dict[str, Any], **changes: Any) -> Declaration:
    data: dict[str, Any] = {
        "declared_on": timezone.localdate() - timedelta(days=1),
        "place": "Aula Kantor Imigrasi Surabaya",
        "declared_by": "Dr. Ahmad Fauzi",
        "declared_by_position": "Kepala Kantor",
    } | changes
    return save_declaration(**kw, **data)


def _last_events(before: int) -> list[Event]:
    return list(Event.objects.order_by("seq")[before:])


def test_saving_the_declaration_records_what_changed(kw: dict[str, Any]) -> None:
    before = Event.objects.count()
    declaration = _declare(kw)
    (event,) = _last_events(before)
    assert event.action == "pencanangan.declaration_saved"
    assert (event.after or {})["place"] == "Aula Kantor Imigrasi Surabaya"
    assert event.actor_id == kw["actor"].pk

    before = Event.objects.count()
    _declare(kw, place="Lapangan apel")
    (event,) = _last_events(before)
    assert event.before == {"place": "Aula Kantor Imigrasi Surabaya"}
    assert (event.after or {})["place"] == "Lapangan apel"

    before = Event.objects.count()
    _declare(kw, place="Lapangan apel")  # nothing changed: no event
    assert Event.objects.count() == before
    declaration.refresh_from_db()
    assert declaration.place == "Lapangan apel"
    assert Declaration.objects.count() == 1


def test_a_declaration_in_the_future_is_refused(kw: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        _declare(kw, declared_on=timezone.localdate() + timedelta(days=1))
    assert not Declaration.objects.exists()


def test_witnesses_of_every_kind_added_and_removed(kw: dict[str, Any]) -> None:
    before = Event.objects.count()
    kpk = add_witness(**kw, kind="kpk", name="Nurul", institution="KPK")
    add_witness(**kw, kind="kpk", name="Rudi", institution="KPK")  # several per kind
    add_witness(**kw, kind="tokoh", name="KH. Mahfud", institution="MUI Kota Surabaya")
    assert Witness.objects.count() == 3
    assert [e.action for e in _last_events(before)] == ["pencanangan.witness_added"] * 3
    before = Event.objects.count()
    remove_witness(actor=kw["actor"], witness=kpk)
    (event,) = _last_events(before)
    assert event.action == "pencanangan.witness_removed"
    assert (event.before or {})["name"] == "Nurul"
    assert Witness.objects.count() == 2
    with pytest.raises(ValidationError):
        add_witness(**kw, kind="teman", name="X", institution="Y")
    with pytest.raises(ValidationError):
        add_witness(**kw, kind="media", name=" ", institution="Y")


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://berita.example/a", "berita", "http://", ""]
)
def test_a_publication_needs_a_web_address(kw: dict[str, Any], url: str) -> None:
    with pytest.raises(ValidationError):
        add_publication(**kw, medium="Jawa Pos", url=url)
    assert not Publication.objects.exists()


def test_publications_added_and_removed(kw: dict[str, Any]) -> None:
    before = Event.objects.count()
    publication = add_publication(**kw, medium="TVRI Jawa Timur", url="https://tvri.example/zi")
    remove_publication(actor=kw["actor"], publication=publication)
    assert [e.action for e in _last_events(before)] == [
        "pencanangan.publication_added",
        "pencanangan.publication_removed",
    ]
    assert not Publication.objects.exists()


def test_every_piagam_upload_is_kept_and_the_newest_is_current(
    ministry: Ministry, kw: dict[str, Any]
) -> None:
    first = upload_charter(**kw, upload=pdf("piagam.pdf"))
    second = upload_charter(**kw, upload=png("piagam-baru.png"))
    assert (first.number, second.number) == (1, 2)
    assert CharterVersion.objects.count() == 2
    assert first.stored_file != second.stored_file
    events = Event.objects.filter(action="pencanangan.charter_uploaded").order_by("seq")
    assert [(e.after or {})["number"] for e in events] == [1, 2]

    client = ministry.client_for("verifier_jatim")  # read-only, in scope
    for version, content in ((first, PDF), (second, png().read())):
        response = client.get(reverse("pencanangan:charter_download", args=[version.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content  # type: ignore[attr-defined]
    body = client.get(reverse("pencanangan:unit", args=[kw["unit"].pk])).content.decode()
    assert body.index("piagam-baru.png") < body.index("piagam.pdf")  # newest first
    assert "berlaku" in body


def test_a_file_that_is_not_pdf_or_image_is_refused(kw: dict[str, Any]) -> None:
    fake = SimpleUploadedFile("piagam.pdf", b"<html><body>bukan pdf</body></html>")
    with pytest.raises(FileRejected):
        upload_charter(**kw, upload=fake)
    assert not CharterVersion.objects.exists()


def test_the_page_shows_why_a_file_was_refused(ministry: Ministry, kw: dict[str, Any]) -> None:
    client = ministry.client_for("operator_sby")
    url = reverse("pencanangan:charter_upload", args=[kw["unit"].pk, kw["assessment_year"].year])
    fake = SimpleUploadedFile("piagam.pdf", b"<html><body>bukan pdf</body></html>")
    response = client.post(url, {"file": fake})
    assert response.status_code == 400
    assert "halaman HTML" in response.content.decode()
    assert not CharterVersion.objects.exists()


def test_completeness_grows_item_by_item(kw: dict[str, Any]) -> None:
    """A UPT: the date, the witnesses Bab II A asks of a satker in a province, a publication,
    the piagam. One regional witness is no longer enough (it used to be: any one of the KPK,
    the Ombudsman RI or the Forkopimda/OPD completed the declaration)."""
    unit, year = kw["unit"], kw["assessment_year"]
    status = pencanangan_status(unit, year)
    assert not status.declared and not status.complete
    _declare(kw)
    assert pencanangan_status(unit, year).declared
    add_publication(**kw, medium="Jawa Pos", url="https://jawapos.example/zi")
    upload_charter(**kw, upload=pdf())
    add_witness(**kw, kind="forkopimda", name="Wali Kota", institution="Pemkot Surabaya")
    status = pencanangan_status(unit, year)
    assert not status.complete
    assert _names(status.missing_witnesses) == [
        "Akademisi",
        "Tokoh masyarakat",
        "Tokoh agama",
    ]
    add_witness(**kw, kind="akademisi", name="Prof. Rina", institution="Universitas Airlangga")
    add_witness(**kw, kind="tokoh", name="Slamet", institution="Kelurahan Gubeng")
    assert _names(pencanangan_status(unit, year).missing_witnesses) == ["Tokoh agama"]
    assert not pencanangan_status(unit, year).complete
    add_witness(**kw, kind="tokoh_agama", name="K.H. Malik", institution="MUI Surabaya")
    status = pencanangan_status(unit, year)
    assert status.complete and status.missing_witnesses == ()


def _names(requirements: Iterable[object]) -> list[str]:
    with translation.override("id"):
        return [str(r) for r in requirements]


UPT_WITNESSES = {
    "ombudsman": "Ombudsman RI atau Forkopimda/OPD",
    "akademisi": "Akademisi",
    "tokoh": "Tokoh masyarakat",
    "tokoh_agama": "Tokoh agama",
}


@pytest.mark.parametrize("absent", list(UPT_WITNESSES))
def test_a_upt_names_each_missing_witness(
    ministry: Ministry, kw: dict[str, Any], absent: str
) -> None:
    """Ombudsman or Forkopimda/OPD, academics, community and religious leaders: each is needed,
    and the one not recorded is named on the page and in the list."""
    _declare(kw)
    add_publication(**kw, medium="Jawa Pos", url="https://jawapos.example/zi")
    upload_charter(**kw, upload=pdf())
    for kind in UPT_WITNESSES:
        if kind != absent:
            add_witness(**kw, kind=kind, name=f"Saksi {kind}", institution="Lembaga")
    add_witness(**kw, kind="kpk", name="Nurul", institution="KPK")  # welcome, never enough
    add_witness(**kw, kind="dunia_usaha", name="Hadi", institution="Kadin Surabaya")
    status = pencanangan_status(kw["unit"], kw["assessment_year"])
    assert not status.complete
    assert _names(status.missing_witnesses) == [UPT_WITNESSES[absent]]

    client = ministry.client_for("verifier_jatim")
    page = client.get(reverse("pencanangan:unit", args=[kw["unit"].pk])).content.decode()
    assert f"Saksi belum tercatat: {UPT_WITNESSES[absent]}" in page
    listing = client.get(reverse("pencanangan:index")).content.decode()
    assert f"Saksi belum tercatat: {UPT_WITNESSES[absent]}" in listing


@pytest.mark.parametrize("regional", ["ombudsman", "forkopimda"])
def test_the_ombudsman_or_the_forkopimda_for_a_satker_in_a_province(
    kw: dict[str, Any], regional: str
) -> None:
    for kind in (regional, "akademisi", "tokoh", "tokoh_agama"):
        add_witness(**kw, kind=kind, name=f"Saksi {kind}", institution="Lembaga")
    assert pencanangan_status(kw["unit"], kw["assessment_year"]).missing_witnesses == ()


def test_a_central_unit_needs_the_kpk_and_the_ombudsman(
    ministry: Ministry, year: AssessmentYear
) -> None:
    """An Eselon I (like the Kementerian): the KPK and the Ombudsman RI, both; the Forkopimda
    does not stand in for the Ombudsman, and academics or leaders are not required."""
    unit = ministry.units["djim"]
    kw = {"actor": ministry.users["tim_kementerian"], "unit": unit, "assessment_year": year}
    _declare(kw)
    add_publication(**kw, medium="Antara", url="https://antara.example/zi")
    upload_charter(**kw, upload=pdf())
    status = pencanangan_status(unit, year)
    assert _names(status.missing_witnesses) == ["KPK", "Ombudsman RI"]
    add_witness(**kw, kind="kpk", name="Nurul", institution="KPK")
    add_witness(**kw, kind="forkopimda", name="Wali Kota", institution="Pemkot")
    add_witness(**kw, kind="akademisi", name="Prof. Rina", institution="Universitas Indonesia")
    status = pencanangan_status(unit, year)
    assert not status.complete
    assert _names(status.missing_witnesses) == ["Ombudsman RI"]
    page = (
        ministry.client_for("penilai_imigrasi")
        .get(reverse("pencanangan:unit", args=[unit.pk]))
        .content.decode()
    )
    assert "Saksi belum tercatat: Ombudsman RI" in page
    add_witness(**kw, kind="ombudsman", name="Agus", institution="Ombudsman RI")
    status = pencanangan_status(unit, year)
    assert status.complete and status.missing_witnesses == ()


def test_the_old_merged_kind_now_reads_as_community_leaders(kw: dict[str, Any]) -> None:
    """A witness recorded as "tokoh" before religious leaders had their own kind is a community
    leader: the religious leader is still asked for."""
    for kind in ("ombudsman", "akademisi", "tokoh"):
        add_witness(**kw, kind=kind, name=f"Saksi {kind}", institution="Lembaga")
    missing = pencanangan_status(kw["unit"], kw["assessment_year"]).missing_witnesses
    assert _names(missing) == ["Tokoh agama"]


def test_a_closed_window_refuses_every_change_until_reopened(
    ministry: Ministry, kw: dict[str, Any]
) -> None:
    witness = add_witness(**kw, kind="kpk", name="Nurul", institution="KPK")
    publication = add_publication(**kw, medium="Jawa Pos", url="https://jawapos.example/zi")
    set_window(kw["assessment_year"], open_=False)
    events = Event.objects.count()
    for change in (
        lambda: _declare(kw),
        lambda: add_witness(**kw, kind="kpk", name="Rudi", institution="KPK"),
        lambda: remove_witness(actor=kw["actor"], witness=witness),
        lambda: add_publication(**kw, medium="Radar", url="https://radar.example/zi"),
        lambda: remove_publication(actor=kw["actor"], publication=publication),
        lambda: upload_charter(**kw, upload=pdf()),
    ):
        with pytest.raises(StageClosed, match="Tahap 5"):
            change()
    assert Event.objects.count() == events
    assert Witness.objects.count() == 1 and Publication.objects.count() == 1

    # The pages say why and keep everything; the operator sees no form.
    client = ministry.client_for("operator_sby")
    unit, year = kw["unit"], kw["assessment_year"]
    page = client.get(reverse("pencanangan:unit", args=[unit.pk])).content.decode()
    assert "Perubahan tidak dapat disimpan sekarang." in page
    assert "Simpan pencanangan" not in page
    response = client.post(reverse("pencanangan:witness_remove", args=[witness.pk]))
    assert response.status_code == 400
    assert "sudah ditutup" in response.content.decode()
    response = client.post(
        reverse("pencanangan:witness_add", args=[unit.pk, year.year]),
        {"kind": "kpk", "name": "Rudi", "institution": "KPK"},
    )
    assert response.status_code == 400
    assert Witness.objects.count() == 1

    reopen_stage(
        actor=ministry.users["tim_kementerian"],
        stage=Stage.objects.get(assessment_year=year, key="pencanangan"),
        unit=unit,
        until=timezone.localdate() + timedelta(days=5),
        reason="Pencanangan diundur karena bencana banjir.",
    )
    add_witness(**kw, kind="kpk", name="Rudi", institution="KPK")
    assert Witness.objects.count() == 2
    # Reopened for this unit only.
    with pytest.raises(StageClosed):
        add_witness(
            **(kw | {"unit": ministry.units["kanim_dps"]}), kind="kpk", name="X", institution="KPK"
        )


def test_the_forms_through_the_page(ministry: Ministry, kw: dict[str, Any]) -> None:
    client = ministry.client_for("kepala_sby")
    unit, year = kw["unit"], kw["assessment_year"]
    args = [unit.pk, year.year]
    today = timezone.localdate()
    response = client.post(
        reverse("pencanangan:declaration", args=args),
        {
            "declared_on": today.isoformat(),
            "place": "Aula",
            "declared_by": "Dr. Ahmad Fauzi",
            "declared_by_position": "Kepala Kantor",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#deklarasi")
    assert Declaration.objects.get().declared_on == today
    response = client.post(
        reverse("pencanangan:declaration", args=args),
        {"declared_on": (today + timedelta(days=3)).isoformat(), "place": "Aula"},
    )
    assert response.status_code == 400
    assert "Tanggal pencanangan masih di masa depan" in response.content.decode()
    response = client.post(
        reverse("pencanangan:publication_add", args=args),
        {"medium": "Jawa Pos", "url": "https://jawapos.example/zi"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("pencanangan:publication_add", args=args),
        {"medium": "Jawa Pos", "url": "javascript:alert(1)"},
    )
    assert response.status_code == 400
    assert Publication.objects.count() == 1
    for kind, name, institution in (
        ("ombudsman", "Agus", "Ombudsman RI Jatim"),
        ("akademisi", "Prof. Rina", "Universitas Airlangga"),
        ("tokoh", "Slamet", "Kelurahan Gubeng"),
        ("tokoh_agama", "K.H. Malik", "MUI Kota Surabaya"),
    ):
        response = client.post(
            reverse("pencanangan:witness_add", args=args),
            {"kind": kind, "name": name, "institution": institution},
        )
        assert response.status_code == 302
    response = client.post(
        reverse("pencanangan:charter_upload", args=args), {"file": pdf("piagam.pdf")}
    )
    assert response.status_code == 302
    assert pencanangan_status(unit, year).complete


def test_read_only_roles_see_the_record_without_forms(
    ministry: Ministry, kw: dict[str, Any]
) -> None:
    _declare(kw)
    add_witness(**kw, kind="kpk", name="Nurul Ghufron", institution="KPK")
    for persona in ("verifier_jatim", "penilai_imigrasi", "tpi_itjen", "pimpinan", "admin"):
        body = (
            ministry.client_for(persona)
            .get(reverse("pencanangan:unit", args=[kw["unit"].pk]))
            .content.decode()
        )
        assert "Nurul Ghufron" in body and "Aula Kantor Imigrasi Surabaya" in body
        assert "Anda melihat halaman ini tanpa hak ubah" in body
        assert "Simpan pencanangan" not in body and "Hapus" not in body


def test_a_nul_in_the_search_is_ignored_not_a_500(ministry: Ministry, year: AssessmentYear) -> None:
    client = ministry.client_for("verifier_jatim")
    response = client.get(reverse("pencanangan:index"), {"q": "Sura\x00baya"})
    assert response.status_code == 200
    assert "Surabaya" in response.content.decode()
