import pytest

from tests.conftest import Ministry
from zona.organizations.models import Unit

ALL = {
    "kementerian",
    "setjen",
    "itjen",
    "balitbang",
    "djim",
    "djpas",
    "kanwil_jatim",
    "kanwil_jateng",
    "kanwil_bali",
    "kanim_sby",
    "lapas_sby",
    "kanim_smg",
    "rutan_smg",
    "kanim_dps",
    "lapas_dps",
}

EXPECTED_SCOPE = {
    "operator_sby": {"kanim_sby"},
    "kepala_sby": {"kanim_sby"},
    "verifier_jatim": {"kanwil_jatim", "kanim_sby", "lapas_sby"},
    # its own subtree plus the immigration offices it guides, in every province
    "penilai_imigrasi": {"djim", "kanim_sby", "kanim_smg", "kanim_dps"},
    # Setjen guides the Kanwil, not their UPT
    "penilai_setjen": {"setjen", "kanwil_jatim", "kanwil_jateng", "kanwil_bali"},
    "tpi_itjen": ALL,
    "tpi_balitbang": ALL,
    "tim_kementerian": ALL,
    "pimpinan": ALL,
    "admin": ALL,
    "operator_dps": {"kanim_dps"},
}


def visible_keys(ministry: Ministry, persona: str) -> set[str]:
    codes = set(Unit.objects.visible_to(ministry.users[persona]).values_list("code", flat=True))
    return {key for key, unit in ministry.units.items() if unit.code in codes}


@pytest.mark.parametrize("persona", sorted(EXPECTED_SCOPE))
def test_each_persona_sees_exactly_its_scope(ministry: Ministry, persona: str) -> None:
    assert visible_keys(ministry, persona) == EXPECTED_SCOPE[persona]


def test_a_user_without_membership_sees_nothing(ministry: Ministry) -> None:
    from zona.accounts.services import create_user

    loner = create_user(actor=None, nip=None, email="loner@example.go.id", full_name="Loner")
    assert not Unit.objects.visible_to(loner).exists()


def test_an_inactive_user_sees_nothing(ministry: Ministry) -> None:
    user = ministry.users["tpi_itjen"]
    user.is_active = False
    assert not Unit.objects.visible_to(user).exists()


def test_paths_follow_the_tree(ministry: Ministry) -> None:
    kanwil, upt = ministry.units["kanwil_jatim"], ministry.units["kanim_sby"]
    upt.refresh_from_db()
    kanwil.refresh_from_db()
    assert upt.path.startswith(kanwil.path)
    assert upt.depth == 2
    assert set(Unit.objects.subtree_of(kanwil).values_list("code", flat=True)) == {
        "KANWIL_JATIM",
        "KANIM_SBY",
        "LAPAS_SBY",
    }


def test_moving_a_unit_moves_its_scope(ministry: Ministry) -> None:
    from zona.organizations.services import update_unit

    upt = ministry.units["lapas_dps"]
    update_unit(actor=ministry.users["admin"], unit=upt, parent=ministry.units["kanwil_jatim"])
    assert "lapas_dps" in visible_keys(ministry, "verifier_jatim")
