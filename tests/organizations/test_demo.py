"""The demo ministry as `zona demo` loads it, and the home page over all of it."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zona.accounts.models import Membership, Role, User
from zona.audit.verify import verify_chain
from zona.organizations.demo import load_demo
from zona.organizations.models import Kawasan, Unit, UnitKind


@pytest.fixture(scope="module")
def _demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo: None, db: None) -> None:
    return None


def test_demo_counts(demo: None) -> None:
    assert Unit.objects.filter(kind=UnitKind.KEMENTERIAN).count() == 1
    assert Unit.objects.filter(kind=UnitKind.ESELON_I).count() == 11
    assert Unit.objects.filter(kind=UnitKind.KANWIL).count() == 33
    assert 880 <= Unit.objects.filter(kind=UnitKind.UPT).count() <= 950
    assert Kawasan.objects.count() == 2
    assert User.objects.count() == len(Role) == 9
    assert Membership.objects.count() == 9
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)


def test_demo_tree_is_consistent(demo: None) -> None:
    assert not Unit.objects.filter(kind=UnitKind.UPT, pembina__isnull=True).exists()
    assert not Unit.objects.filter(kind=UnitKind.KANWIL).exclude(pembina__code="SETJEN").exists()
    for kanwil in Unit.objects.filter(kind=UnitKind.KANWIL):
        subtree = Unit.objects.subtree_of(kanwil).exclude(pk=kanwil.pk)
        assert subtree.exists()
        assert not subtree.exclude(province=kanwil.province).exists()


def test_demo_loading_is_audited(demo: None) -> None:
    result = verify_chain()
    assert result.ok
    assert result.checked > Unit.objects.count()


def test_demo_verifier_sees_one_province(demo: None) -> None:
    verifier = User.objects.get(memberships__role=Role.TIM_KERJA_KANWIL)
    provinces = set(Unit.objects.visible_to(verifier).values_list("province", flat=True))
    assert provinces == {"Jawa Timur"}


def home_queries(user: User, query: str = "") -> int:
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home") + query)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [Role.PIMPINAN, Role.TIM_KERJA_KANWIL, Role.TIM_PENILAI_ESELON_I])
def test_home_runs_a_constant_number_of_queries(demo: None, role: str) -> None:
    user = User.objects.get(memberships__role=role)
    first_page = home_queries(user)
    assert first_page <= 6  # session, user, memberships, count, rows, counts per kind
    assert home_queries(user, "?page=3") == first_page
    assert home_queries(user, "?q=kelas&kind=upt") == first_page
