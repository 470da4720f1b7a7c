"""A follow-up's evidence files count together against the upload limit, as its form says."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from zona.compliance.forms import FollowUpForm


def pdf(name: str, size: int) -> SimpleUploadedFile:
    head = b"%PDF-1.4\n"
    return SimpleUploadedFile(name, head + b"x" * (size - len(head)), "application/pdf")


@override_settings(MAX_UPLOAD_BYTES=1000)
def test_files_over_the_limit_together_are_refused_with_the_reason() -> None:
    with translation.override("id"):
        form = FollowUpForm(
            {"note": "Sudah ditindaklanjuti"},
            {"evidence": [pdf("a.pdf", 600), pdf("b.pdf", 600)]},
        )
        assert not form.is_valid()
        assert "bersama-sama lebih besar dari 1000" in str(form.errors["evidence"])
        assert "bersama-sama paling besar" in str(form.fields["evidence"].help_text)


@override_settings(MAX_UPLOAD_BYTES=1000)
def test_files_within_the_limit_together_pass() -> None:
    form = FollowUpForm(
        {"note": "Sudah ditindaklanjuti"}, {"evidence": [pdf("a.pdf", 400), pdf("b.pdf", 400)]}
    )
    assert form.is_valid(), form.errors
