from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_POST

from zona.assessments.access import get_assessment_for_user, require_satker_member
from zona.assessments.evidence import add_evidence
from zona.assessments.forms import EvidenceForm
from zona.assessments.models import Evidence, EvidenceVersion
from zona.assessments.services import WorkflowError
from zona.assessments.views import question_of, row_response
from zona.core.http import AuthedRequest, parse_id
from zona.files.services import FileRejected, file_response


@require_POST
@login_required
def add(request: AuthedRequest, pk: int, question_pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    require_satker_member(request.user, assessment)
    question = question_of(assessment, question_pk)
    form = EvidenceForm(request.POST, request.FILES)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        replaces = None
        if request.POST.get("replaces"):
            replaces = get_object_or_404(
                Evidence,
                pk=parse_id(request.POST["replaces"]) or 0,  # not an id: no such evidence
                assessment=assessment,
                question=question,
            )
        try:
            add_evidence(
                actor=request.user,
                assessment=assessment,
                question=question,
                title=data["title"],
                upload=data["file"],
                url=data["url"] or "",
                replaces=replaces,
            )
        except (FileRejected, WorkflowError) as exc:
            error = str(exc)
    else:
        error = "; ".join(str(e) for es in form.errors.values() for e in es)
    return row_response(request, assessment, question, error)


@require_GET
@login_required
def download(request: AuthedRequest, pk: int, version_pk: int) -> FileResponse:
    assessment = get_assessment_for_user(request.user, pk)
    version = get_object_or_404(
        EvidenceVersion.objects.select_related("stored_file"),
        pk=version_pk,
        evidence__assessment=assessment,
    )
    return file_response(version.stored_file, download_name=version.file_name)
