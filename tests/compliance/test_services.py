"""Changes through the services: the finding workflow, wealth statuses, ministry grades —
each with its audit event."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from tests.compliance.conftest import add_employee, add_finding, make_year, pdf
from tests.conftest import Ministry
from zona.audit.models import Event
from zona.audit.verify import verify_chain
from zona.compliance.models import (
    Finding,
    FindingSource,
    FindingStatus,
    FollowUpEvidence,
    MinistryGrade,
    ReportStatus,
    ReviewDecision,
)
from zona.compliance.services import (
    compliance_for,
    create_finding,
    ministry_standing,
    record_follow_up,
    record_ministry_grade,
    review_finding,
    set_wealth_report_status,
    update_finding,
)
from zona.cycles.models import AssessmentYear
from zona.files.models import StoredFile
from zona.files.services import FileRejected

S, D = FindingStatus, ReviewDecision

FINDING = {
    "source": FindingSource.BPK,
    "report_number": "12/LHP/XV/05/2025",
    "report_date": date(2025, 5, 20),
    "number": "3.1",
    "finding": "Kelebihan pembayaran perjalanan dinas.",
    "recommendation": "Menyetorkan kelebihan pembayaran ke kas negara.",
    "due_date": date(2025, 7, 20),
}


def payload(value: Any) -> Any:
    """The before/after of an event, which this change does record."""
    assert value is not None
    return value


def events(action: str) -> list[Event]:
    return list(Event.objects.filter(action=action).order_by("seq"))


def test_creating_and_editing_a_finding_is_audited(
    ministry: Ministry, year: AssessmentYear
) -> None:
    tpi = ministry.users["tpi_itjen"]
    finding = create_finding(
        actor=tpi, unit=ministry.units["kanim_sby"], assessment_year=year, data=FINDING
    )
    assert finding.status == S.OPEN
    (created,) = events("finding.created")
    assert created.actor_id == tpi.pk
    assert payload(created.after)["report_number"] == "12/LHP/XV/05/2025"
    update_finding(actor=tpi, finding=finding, data=FINDING | {"number": "3.2"})
    (updated,) = events("finding.updated")
    assert (updated.before, updated.after) == ({"number": "3.1"}, {"number": "3.2"})
    update_finding(actor=tpi, finding=finding, data=FINDING | {"number": "3.2"})
    assert len(events("finding.updated")) == 1  # nothing changed, nothing recorded


def test_the_same_finding_twice_is_refused(ministry: Ministry, year: AssessmentYear) -> None:
    tpi, unit = ministry.users["tpi_itjen"], ministry.units["kanim_sby"]
    create_finding(actor=tpi, unit=unit, assessment_year=year, data=FINDING)
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        create_finding(actor=tpi, unit=unit, assessment_year=year, data=FINDING)
    assert "sudah memiliki temuan nomor 3.1" in refused.value.messages[0]
    # another unit may have a finding with the same numbers
    create_finding(actor=tpi, unit=ministry.units["kanim_dps"], assessment_year=year, data=FINDING)


def test_follow_up_with_evidence_then_accepted(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    finding = add_finding(unit, year, "1.1")
    operator, tpi = ministry.users["operator_sby"], ministry.users["tpi_itjen"]
    follow_up = record_follow_up(
        actor=operator,
        finding=finding,
        note="Kelebihan bayar telah disetor (NTPN terlampir).",
        uploads=[pdf("ntpn.pdf"), pdf("kuitansi.pdf", b"%second")],
    )
    finding.refresh_from_db()
    assert finding.status == S.SUBMITTED
    assert [e.name for e in follow_up.evidence.all()] == ["ntpn.pdf", "kuitansi.pdf"]
    (recorded,) = events("finding.follow_up_recorded")
    assert recorded.before == {"status": S.OPEN}
    assert payload(recorded.after)["status"] == S.SUBMITTED
    assert [f["name"] for f in payload(recorded.after)["files"]] == ["ntpn.pdf", "kuitansi.pdf"]
    assert compliance_for(unit, year).tlhp_percent == 0  # not yet accepted

    review_finding(actor=tpi, finding=finding, decision=D.ACCEPT)
    finding.refresh_from_db()
    assert finding.status == S.FOLLOWED_UP
    (accepted,) = events("finding.accept")
    assert (accepted.before, payload(accepted.after)["status"]) == (
        {"status": S.SUBMITTED},
        S.FOLLOWED_UP,
    )
    assert compliance_for(unit, year).tlhp_percent == 100
    assert verify_chain().ok


def test_a_second_upload_adds_a_row_and_never_replaces(
    ministry: Ministry, year: AssessmentYear
) -> None:
    finding = add_finding(ministry.units["kanim_sby"], year, "1.1")
    operator = ministry.users["operator_sby"]
    record_follow_up(actor=operator, finding=finding, note="Tahap 1", uploads=[pdf("a.pdf")])
    record_follow_up(actor=operator, finding=finding, note="Tahap 2", uploads=[pdf("a.pdf")])
    rows = FollowUpEvidence.objects.filter(follow_up__finding=finding)
    assert rows.count() == 2
    assert len({row.stored_file_id for row in rows}) == 1  # same bytes, stored once


def test_a_refused_file_records_nothing(ministry: Ministry, year: AssessmentYear) -> None:
    finding = add_finding(ministry.units["kanim_sby"], year, "1.1")
    bad = SimpleUploadedFile("skrip.pdf", b"#!/bin/sh\necho hi\n")
    with translation.override("id"), pytest.raises(FileRejected):
        record_follow_up(
            actor=ministry.users["operator_sby"],
            finding=finding,
            note="Bukti",
            uploads=[pdf(), bad],
        )
    finding.refresh_from_db()
    assert finding.status == S.OPEN
    assert not finding.follow_ups.exists()
    assert not events("finding.follow_up_recorded")


def test_return_not_applicable_and_reopen(ministry: Ministry, year: AssessmentYear) -> None:
    unit = ministry.units["kanim_sby"]
    operator, tpi = ministry.users["operator_sby"], ministry.users["tpi_itjen"]
    finding = add_finding(unit, year, "1.1")
    record_follow_up(actor=operator, finding=finding, note="Sudah")
    review_finding(actor=tpi, finding=finding, decision=D.RETURN, note="Bukti setor belum ada.")
    finding.refresh_from_db()
    assert finding.status == S.RETURNED
    record_follow_up(actor=operator, finding=finding, note="Bukti setor terlampir.")
    review_finding(actor=tpi, finding=finding, decision=D.ACCEPT)
    review_finding(actor=tpi, finding=finding, decision=D.REOPEN, note="Setoran dibatalkan.")
    finding.refresh_from_db()
    assert finding.status == S.RETURNED  # it had a follow-up

    never = add_finding(unit, year, "1.2")
    review_finding(
        actor=tpi, finding=never, decision=D.NOT_APPLICABLE, note="Pegawai telah meninggal."
    )
    never.refresh_from_db()
    assert never.status == S.NOT_APPLICABLE
    assert compliance_for(unit, year).tlhp_followed_up == 1
    review_finding(actor=tpi, finding=never, decision=D.REOPEN, note="Salah catat.")
    never.refresh_from_db()
    assert never.status == S.OPEN  # no follow-up was ever reported
    actions = [e.action for e in Event.objects.filter(object_type="compliance.finding")]
    assert actions.count("finding.reopen") == 2
    assert "finding.return" in actions and "finding.not_applicable" in actions


@pytest.mark.parametrize(
    ("status", "decision"),
    [
        (S.OPEN, D.ACCEPT),  # nothing reported yet
        (S.RETURNED, D.ACCEPT),  # the unit must report again first
        (S.FOLLOWED_UP, D.RETURN),
        (S.OPEN, D.REOPEN),
        (S.NOT_APPLICABLE, D.NOT_APPLICABLE),
    ],
)
def test_decisions_outside_the_transition_table_are_refused(
    ministry: Ministry, year: AssessmentYear, status: str, decision: str
) -> None:
    finding = add_finding(ministry.units["kanim_sby"], year, "1.1", status)
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        review_finding(
            actor=ministry.users["tpi_itjen"], finding=finding, decision=decision, note="x"
        )
    assert "tidak dapat dilakukan" in refused.value.messages[0]
    finding.refresh_from_db()
    assert finding.status == status


def test_a_reason_is_required_to_return(ministry: Ministry, year: AssessmentYear) -> None:
    finding = add_finding(ministry.units["kanim_sby"], year, "1.1", S.SUBMITTED)
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        review_finding(actor=ministry.users["tpi_itjen"], finding=finding, decision=D.RETURN)
    assert refused.value.messages == ["Sebutkan alasan keputusan ini."]


def test_no_follow_up_on_a_settled_finding(ministry: Ministry, year: AssessmentYear) -> None:
    finding = add_finding(ministry.units["kanim_sby"], year, "1.1", S.FOLLOWED_UP)
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        record_follow_up(actor=ministry.users["operator_sby"], finding=finding, note="Lagi")
    assert "TPI harus membukanya kembali" in refused.value.messages[0]


def test_wealth_report_status_change_is_audited(ministry: Ministry, year: AssessmentYear) -> None:
    report = add_employee(ministry.units["kanim_sby"], year, 1, filed=False)
    operator = ministry.users["operator_sby"]
    set_wealth_report_status(
        actor=operator, report=report, status=ReportStatus.FILED, report_date=date(2026, 2, 3)
    )
    report.refresh_from_db()
    assert (report.status, report.report_date, report.updated_by) == (
        ReportStatus.FILED,
        date(2026, 2, 3),
        operator,
    )
    (changed,) = events("wealth_report.status_changed")
    assert changed.before == {"status": "belum", "report_date": None}
    assert changed.after == {"status": "sudah", "report_date": "2026-02-03"}


@pytest.mark.parametrize(
    ("status", "day", "field_message"),
    [
        (ReportStatus.FILED, None, "isi tanggal laporan disampaikan"),
        (ReportStatus.FILED, timedelta(days=1), "tanggal berada di masa depan"),
        (ReportStatus.NOT_FILED, timedelta(days=-1), "kosongkan tanggal"),
    ],
)
def test_wealth_report_date_rules(
    ministry: Ministry,
    year: AssessmentYear,
    status: str,
    day: timedelta | None,
    field_message: str,
) -> None:
    report = add_employee(ministry.units["kanim_sby"], year, 1, filed=False)
    report_date = None if day is None else timezone.localdate() + day
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        set_wealth_report_status(
            actor=ministry.users["operator_sby"],
            report=report,
            status=status,
            report_date=report_date,
        )
    assert field_message in refused.value.message_dict["report_date"][0]
    assert not events("wealth_report.status_changed")


def test_ministry_grades_feed_the_ministry_standing(
    ministry: Ministry, year: AssessmentYear
) -> None:
    team = ministry.users["tim_kementerian"]
    assert ministry_standing(year) is None
    record_ministry_grade(
        actor=team,
        assessment_year=year,
        scale="bpk_opinion",
        grade="WDP",
        reference="LHP BPK atas LK 2025",
        upload=pdf("lhp-bpk.pdf"),
    )
    assert ministry_standing(year) == {"bpk_opinion": "WDP"}
    record_ministry_grade(
        actor=team,
        assessment_year=year,
        scale="akip",
        grade="BB",
        reference="LHE AKIP 2025",
        upload=pdf("lhe-akip.pdf", b"akip"),
    )
    record_ministry_grade(
        actor=team,
        assessment_year=year,
        scale="bpk_opinion",
        grade="WTP",
        reference="LHP BPK atas LK 2025 (perbaikan)",
        upload=pdf("lhp-bpk-2.pdf", b"v2"),
    )
    assert ministry_standing(year) == {"bpk_opinion": "WTP", "akip": "BB"}
    assert MinistryGrade.objects.filter(scale="bpk_opinion").count() == 2  # history kept
    recorded = events("ministry_grade.recorded")
    assert len(recorded) == 3
    assert payload(recorded[2].before)["grade"] == "WDP"
    assert payload(recorded[2].after)["grade"] == "WTP"
    # another year knows nothing of it
    assert ministry_standing(make_year(team, 2027)) is None


def test_a_grade_off_the_scale_or_without_a_pdf_is_refused(
    ministry: Ministry, year: AssessmentYear
) -> None:
    team = ministry.users["tim_kementerian"]
    with translation.override("id"), pytest.raises(ValidationError) as off_scale:
        record_ministry_grade(
            actor=team,
            assessment_year=year,
            scale="akip",
            grade="E",
            reference="LHE",
            upload=pdf(),
        )
    assert "AA, A, BB, B, CC, C, D" in off_scale.value.message_dict["grade"][0]
    with pytest.raises(FileRejected):
        record_ministry_grade(
            actor=team,
            assessment_year=year,
            scale="akip",
            grade="A",
            reference="LHE",
            upload=SimpleUploadedFile("lhe.pdf", b"GIF89a not a pdf"),
        )
    with translation.override("id"), pytest.raises(ValidationError) as unknown:
        record_ministry_grade(
            actor=team,
            assessment_year=year,
            scale="indeks_rb",
            grade="A",
            reference="LHE",
            upload=pdf(),
        )
    assert unknown.value.message_dict["scale"] == ["Skala tidak dikenal."]
    assert not MinistryGrade.objects.exists()
    assert not StoredFile.objects.exists()


def test_findings_in_the_summary_follow_the_workflow(
    ministry: Ministry, year: AssessmentYear
) -> None:
    unit = ministry.units["kanim_sby"]
    tpi, operator = ministry.users["tpi_itjen"], ministry.users["operator_sby"]
    findings = [
        create_finding(
            actor=tpi, unit=unit, assessment_year=year, data=FINDING | {"number": str(n)}
        )
        for n in range(4)
    ]
    for finding in findings[:3]:
        record_follow_up(actor=operator, finding=finding, note="Selesai")
    review_finding(actor=tpi, finding=findings[0], decision=D.ACCEPT)
    review_finding(actor=tpi, finding=findings[1], decision=D.ACCEPT)
    review_finding(actor=tpi, finding=findings[2], decision=D.RETURN, note="Kurang")
    summary = compliance_for(unit, year)
    assert (summary.tlhp_followed_up, summary.tlhp_findings) == (2, 4)
    assert summary.tlhp_percent == 50
    assert summary.tlhp_component == Decimal("2.5")
    assert Finding.objects.get(pk=findings[3].pk).status == S.OPEN
