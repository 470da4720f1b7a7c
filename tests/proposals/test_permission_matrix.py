"""Every page from candidate to predicate × every persona × a target in scope, out of scope,
and missing.

Who may do what (zona/proposals/access.py):
- the board and the register: everyone logged in (each sees what concerns them);
- a unit's candidate page: whoever sees the unit;
- propose: the Kanwil's team for the UPT of its province, the Unit Eselon I's team for its
  line, TPI Itjen for every unit (an empty form is refused with 400);
- the quota, the decree, the PMPZI package and the TPN's pages: the ministry-level roles (TPI
  Itjen, the ministry's team, administrator and the pimpinan, who reads only); recording,
  asking for the package and downloading it: all of them but the pimpinan. The package's
  download is 404 for everyone else, as if missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from tests.accounts.test_scoping import ALL, EXPECTED_SCOPE
from tests.conftest import PERSONAS, Ministry
from tests.test_permission_matrix import ANON, MISSING_PK

YEAR = 2030
RECORDERS = {"tpi_itjen", "tim_kementerian", "admin"}
READERS = RECORDERS | {"pimpinan"}
# persona → the units whose LKE it may propose (by unit key)
PROPOSERS = {
    "verifier_jatim": {"kanim_sby", "lapas_sby"},
    "penilai_imigrasi": {"kanim_sby", "kanim_smg", "kanim_dps", "djim"},
    "penilai_setjen": {"setjen", "kanwil_jatim", "kanwil_jateng", "kanwil_bali"},
    "tpi_itjen": None,  # every unit
}


@dataclass
class Data:
    lke: dict[int, int]  # unit pk → its LKE's pk
    candidate: dict[int, int]  # unit pk → its candidacy's pk
    package: int  # the decree's PMPZI package, built


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Data, int], str]  # from the data and the target unit's pk
    access: str
    method: str = "get"


def _lke(d: Data, pk: int) -> str:
    return reverse("proposals:propose", args=[d.lke.get(pk, MISSING_PK)])


def _candidate(d: Data, pk: int) -> str:
    return reverse("proposals:tpn_step", args=[d.candidate.get(pk, MISSING_PK)])


def _package(d: Data, pk: int) -> str:
    return reverse(
        "proposals:package_download", args=[MISSING_PK if pk == MISSING_PK else d.package]
    )


PAGES = [
    Page("index", lambda d, pk: reverse("proposals:index"), "redirect"),
    Page("board", lambda d, pk: reverse("proposals:board", args=[YEAR]), "logged_in"),
    Page("candidate", lambda d, pk: reverse("proposals:candidate", args=[YEAR, pk]), "unit"),
    Page("propose", _lke, "proposer", method="post"),
    Page("decree", lambda d, pk: reverse("proposals:decree", args=[YEAR]), "reader"),
    Page("quota", lambda d, pk: reverse("proposals:quota", args=[YEAR]), "recorder", "post"),
    Page(
        "new_decree",
        lambda d, pk: reverse("proposals:new_decree", args=[YEAR]),
        "recorder",
        "post",
    ),
    Page("tpn", lambda d, pk: reverse("proposals:tpn", args=[YEAR]), "reader"),
    Page("package", lambda d, pk: reverse("proposals:package", args=[YEAR]), "reader"),
    Page(
        "package_build",
        lambda d, pk: reverse("proposals:package_build", args=[YEAR]),
        "recorder",
        "post",
    ),
    Page("package_download", _package, "package_file"),
    Page("tpn_step", _candidate, "recorder_unit", method="post"),
    Page("register", lambda d, pk: reverse("proposals:register"), "logged_in"),
    Page(
        "register_export",
        lambda d, pk: reverse("proposals:register_export", args=["xlsx"]),
        "logged_in",
    ),
    Page("earlier_grant", lambda d, pk: reverse("proposals:earlier_grant"), "recorder", "post"),
]


@pytest.fixture(scope="module")
def _module_data(_module_ministry: Ministry, django_db_blocker: Any) -> Data:
    """A year with an LKE for every unit that builds ZI, and a decree naming every one of
    them (recorded directly: this module tests who reaches the pages, not the chain)."""
    from datetime import date

    from tests.assessments.conftest import make_year
    from zona.assessments.services import open_assessment
    from zona.files.models import FileKind
    from zona.files.services import store_bytes
    from zona.organizations.models import UnitKind
    from zona.proposals.models import Candidate, Decree, Level, Package, PackageStatus, Proposal

    m = _module_ministry
    with django_db_blocker.unblock():
        year = make_year()
        actor = m.users["tpi_itjen"]
        decree = Decree.objects.create(
            assessment_year=year,
            number="M.HH-01.OT.01.01 TAHUN 2030",
            signed_on=date(2030, 5, 20),
            document=store_bytes(actor=actor, data=b"%PDF-1.4\n%sk\n%%EOF\n"),
            recorded_by=actor,
        )
        data = Data(lke={}, candidate={}, package=0)
        for unit in m.units.values():
            if unit.kind == UnitKind.KEMENTERIAN:
                continue
            lke = open_assessment(actor=actor, unit=unit, assessment_year=year)
            data.lke[unit.pk] = lke.pk
            proposal = Proposal.objects.create(
                assessment=lke,
                unit=unit,
                assessment_year=year,
                level=Level.TPI,
                target="WBK",
                proposed_by=actor,
                proposed_at=decree.recorded_at,
                total=80,
                verdict={},
            )
            data.candidate[unit.pk] = Candidate.objects.create(
                decree=decree, unit=unit, target="WBK", recommendation=proposal
            ).pk
        data.package = Package.objects.create(
            decree=decree,
            status=PackageStatus.READY,
            file=store_bytes(
                actor=actor,
                data=_empty_zip(),
                allowed=frozenset({FileKind.ZIP}),
            ),
            letter_date=date(2030, 5, 27),
            signatory_name="Menteri",
            signatory_position="Menteri Hukum dan HAM",
            requested_by=actor,
            requested_at=decree.recorded_at,
            finished_at=decree.recorded_at,
        ).pk
    return data


def _empty_zip() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("manifest.csv", "path,unit_code,question_code,sha256,size\n")
    return out.getvalue()


def _proposes(ministry: Ministry, persona: str, pk: int) -> bool:
    if persona not in PROPOSERS:
        return False
    units = PROPOSERS[persona]
    return units is None or any(ministry.units[key].pk == pk for key in units)


def expected_status(ministry: Ministry, page: Page, persona: str, target: str, pk: int) -> int:
    if persona == ANON:
        return 302  # to the log-in page
    if target == "missing" and page.access in ("unit", "proposer", "recorder_unit", "package_file"):
        return 404
    if target == "out" and page.access in ("unit", "proposer", "recorder_unit"):
        return 404
    match page.access:
        case "redirect":
            return 302
        case "logged_in" | "unit":
            return 200
        case "proposer":
            return 400 if _proposes(ministry, persona, pk) else 403  # 400: the empty form
        case "reader":
            return 200 if persona in READERS else 403
        case "recorder":
            if page.name == "earlier_grant":
                return 302 if persona in RECORDERS else 403  # back to the register
            return 400 if persona in RECORDERS else 403
        case "package_file":
            if persona in RECORDERS:
                return 200
            return 403 if persona in READERS else 404  # unseen: as if missing
        case "recorder_unit":
            return 302 if persona in RECORDERS else 403  # back to the TPN page
    raise AssertionError(page.access)


def target_pk(ministry: Ministry, persona: str, target: str) -> int:
    if target == "missing":
        return MISSING_PK
    if persona == ANON or target == "in":
        home = "kanim_sby" if persona == ANON else PERSONAS[persona][1]
        return ministry.units["kanim_sby" if home == "kementerian" else home].pk
    outside = sorted(set(ministry.units) - EXPECTED_SCOPE[persona] - {"kementerian"})
    return ministry.units[outside[0]].pk


def cases() -> list[Any]:
    found = []
    for page in PAGES:
        for persona in [ANON, *PERSONAS]:
            wide = persona != ANON and EXPECTED_SCOPE[persona] == ALL
            scoped = page.access in ("unit", "proposer", "recorder_unit")
            targets = ["in"]
            if scoped:
                targets = ["in", "missing"] if wide or persona == ANON else ["in", "out", "missing"]
            if page.access == "package_file":  # the ministry's, no unit's: in or missing
                targets = ["in", "missing"]
            for target in targets:
                found.append(
                    pytest.param(page, persona, target, id=f"{page.name}-{persona}-{target}")
                )
    return found


@pytest.mark.parametrize(("page", "persona", "target"), cases())
def test_permission_matrix(
    ministry: Ministry, _module_data: Data, page: Page, persona: str, target: str
) -> None:
    pk = target_pk(ministry, persona, target)
    client = ministry.client_for(persona)
    url = page.url(_module_data, pk)
    response = client.post(url, {}) if page.method == "post" else client.get(url)
    expected = expected_status(ministry, page, persona, target, pk)
    assert response.status_code == expected, f"{page.name} {persona} {target}: {url}"
