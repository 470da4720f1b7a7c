"""Downloads of an LKE (PMPZI worksheet, offline worksheet, berita acara) and offline import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zona.assessments import services, summary
from zona.assessments.access import get_assessment_for_user, require_satker_member
from zona.assessments.exports import (
    berita_acara_pdf,
    offline_xlsx,
    pmpzi_xlsx,
    read_offline,
)
from zona.assessments.models import Answer
from zona.assessments.sheet import load_sheet
from zona.assessments.views import page_context
from zona.assessments.workflow import Tier
from zona.core.downloads import attachment
from zona.core.errors import ImportRejected
from zona.core.http import AuthedRequest
from zona.core.tabular import TabularError, read_table
from zona.organizations.forms import ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@login_required
def pmpzi(request: AuthedRequest, pk: int, tier: str) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    sheet = load_sheet(assessment)
    if tier not in sheet.tiers:
        raise Http404
    return attachment(pmpzi_xlsx(sheet, tier), XLSX, f"lke-pmpzi-{_stem(assessment)}-{tier}.xlsx")


@require_GET
@login_required
def berita_acara(request: AuthedRequest, pk: int, tier: str) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    sheet = load_sheet(assessment)
    if tier not in sheet.tiers or tier == Tier.SATKER:
        raise Http404
    pdf = berita_acara_pdf(sheet, tier)
    return attachment(pdf, "application/pdf", f"berita-acara-{_stem(assessment)}-{tier}.pdf")


@require_GET
@login_required
def offline_export(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    require_satker_member(request.user, assessment)
    return attachment(offline_xlsx(load_sheet(assessment)), XLSX, f"lke-{_stem(assessment)}.xlsx")


@require_POST
@login_required
def offline_import(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    require_satker_member(request.user, assessment)
    form = ImportForm(request.POST, request.FILES)
    errors = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload.read(), upload.name, max_rows=form.max_rows)
            changed = _apply_offline(request, assessment, table)
        except TabularError as exc:
            form.add_error("file", str(exc))
        except ImportRejected as exc:
            errors = exc.errors
        else:
            messages.success(
                request, _("%(n)d answers imported from the worksheet.") % {"n": changed}
            )
            return redirect("assessments:lke", assessment.pk)
    context = page_context(request, assessment, import_errors=errors, import_form=form)
    return render(request, "assessments/lke.html", context, status=400)


def _apply_offline(request: AuthedRequest, assessment, table) -> int:  # type: ignore[no-untyped-def]
    sheet = load_sheet(assessment)
    changes = read_offline(sheet, table)
    with transaction.atomic(), summary.batch():
        for question, value, note in changes:
            current = Answer.objects.filter(
                assessment=assessment, question=question, tier=Tier.SATKER
            ).first()
            try:
                services.save_answer(
                    actor=request.user,
                    assessment=assessment,
                    question=question,
                    value=value,
                    note=note,
                    expected_version=current.version if current else 0,
                )
            except services.WorkflowError as exc:
                from zona.core.errors import RowError

                raise ImportRejected([RowError(0, "kode", f"{question.code}: {exc}")]) from exc
    return len(changes)


def _stem(assessment) -> str:  # type: ignore[no-untyped-def]
    return f"{assessment.unit.code}-{assessment.assessment_year.year}".lower()
