"""Import and export of master data (units; users with their memberships)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zona.accounts.access import require_master_data_manager
from zona.accounts.importing import USER_COLUMNS, import_users, user_export_rows
from zona.accounts.models import Membership
from zona.core.downloads import table_download
from zona.core.errors import ImportRejected, RowError
from zona.core.http import AuthedRequest
from zona.core.tabular import TabularError, read_table
from zona.organizations.forms import ImportForm
from zona.organizations.importing import UNIT_COLUMNS, import_units, unit_export_rows
from zona.organizations.models import Unit


@require_GET
@login_required
def master_data(request: AuthedRequest) -> HttpResponse:
    require_master_data_manager(request.user)
    return render(request, "accounts/master_data.html", _forms())


@require_http_methods(["POST"])
@login_required
def import_units_view(request: AuthedRequest) -> HttpResponse:
    return _import(request, "units", lambda table: import_units(actor=request.user, table=table))


@require_http_methods(["POST"])
@login_required
def import_users_view(request: AuthedRequest) -> HttpResponse:
    return _import(request, "users", lambda table: import_users(actor=request.user, table=table))


@require_GET
@login_required
def export_units(request: AuthedRequest, fmt: str) -> HttpResponse:
    units = Unit.objects.visible_to(request.user)
    return table_download(fmt, "unit", UNIT_COLUMNS, unit_export_rows(units))


@require_GET
@login_required
def export_users(request: AuthedRequest, fmt: str) -> HttpResponse:
    require_master_data_manager(request.user)
    rows = user_export_rows(Membership.objects.all())
    return table_download(fmt, "pengguna", USER_COLUMNS, rows)


def _import(request: AuthedRequest, kind: str, run: Callable[[Any], Any]) -> HttpResponse:
    require_master_data_manager(request.user)
    form = ImportForm(request.POST, request.FILES)
    errors: list[RowError] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload.read(), upload.name, max_rows=form.max_rows)
            summary = run(table)
        except TabularError as exc:
            form.add_error("file", str(exc))
        except ImportRejected as exc:
            errors = exc.errors
        else:
            messages.success(request, _summary_message(kind, summary))
            return redirect("master_data")
    context = _forms() | {f"{kind}_form": form, "errors": errors, "failed": kind}
    return render(request, "accounts/master_data.html", context, status=400)


def _forms() -> dict[str, Any]:
    return {
        "units_form": ImportForm(),
        "users_form": ImportForm(),
        "unit_columns": UNIT_COLUMNS,
        "user_columns": USER_COLUMNS,
    }


def _summary_message(kind: str, summary: Any) -> str:
    if kind == "units":
        return _(
            "Units imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged."
        ) % {
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
        }
    return _("Users imported: %(created)d new, %(updated)d changed, %(memberships)d new roles.") % {
        "created": summary.users_created,
        "updated": summary.users_updated,
        "memberships": summary.memberships_created,
    }
