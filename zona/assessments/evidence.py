"""Data dukung: files (every replacement kept as a version) and links, per question."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from zona.assessments.models import Assessment, Evidence, EvidenceVersion
from zona.assessments.services import lock_for_change, require_satker_may_edit
from zona.assessments.summary import refreshes_summary
from zona.audit.services import change_of, record
from zona.files.services import safe_download_name, store_upload
from zona.instruments.models import Question

if TYPE_CHECKING:
    from zona.accounts.models import User


@transaction.atomic
@refreshes_summary
def add_evidence(
    *,
    actor: User,
    assessment: Assessment,
    question: Question,
    title: str,
    upload: UploadedFile | None = None,
    url: str = "",
    replaces: Evidence | None = None,
) -> Evidence:
    """A new file or link for the question, or a new version of an existing file."""
    assessment = lock_for_change(assessment)
    require_satker_may_edit(assessment, question)
    if replaces is not None:
        evidence = Evidence.objects.select_for_update().get(
            pk=replaces.pk, assessment=assessment, question=question
        )
    else:
        evidence = Evidence.objects.create(
            assessment=assessment, question=question, title=title, url=url, created_by=actor
        )
    if upload is not None:
        stored = store_upload(actor=actor, upload=upload)
        number = (evidence.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = EvidenceVersion.objects.create(
            evidence=evidence,
            number=number,
            stored_file=stored,
            file_name=safe_download_name(upload.name or title, stored.kind),
            uploaded_by=actor,
        )
        evidence.current = version
        evidence.save(update_fields=["current"])
    record(
        actor,
        change_of(
            "lke.evidence_replaced" if replaces else "lke.evidence_added",
            evidence,
            after={
                "question": question.code,
                "title": evidence.title,
                "url": evidence.url,
                "sha256": evidence.current.stored_file.sha256 if evidence.current else None,
                "version": evidence.current.number if evidence.current else None,
            },
        ),
    )
    return evidence
