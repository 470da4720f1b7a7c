"""Download names and responses: safe names, attachment headers, streamed bytes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from django.http import Http404

from tests.files import samples
from zona.files.models import FileKind
from zona.files.services import file_response, safe_download_name, store_bytes


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("laporan.pdf", "pdf", "laporan.pdf"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\cmd.exe", "pdf", "cmd.pdf"),
        ("a\\b", "png", "b.png"),
        ("C:\\Users\\budi\\Desktop\\SK Tim.docx", "docx", "SK Tim.docx"),
        ('laporan "final".pdf', "pdf", "laporan final.pdf"),
        ("it's; a=b.pdf", "pdf", "it s a=b.pdf"),
        ("laporan\r\nSet-Cookie: a=1\r\n.pdf", "pdf", "laporan Set-Cookie a=1.pdf"),
        ("tab\tdan\x00nol\x1b.pdf", "pdf", "tab dan nol.pdf"),
        ("setup.exe", "pdf", "setup.pdf"),
        ("foto.JPEG", "jpeg", "foto.jpg"),
        ("Laporan.Triwulan.II.2025.xlsx", "xlsx", "Laporan.Triwulan.II.2025.xlsx"),
        ("tanpa ekstensi", "mp4", "tanpa ekstensi.mp4"),
        (".bashrc", "pdf", "bashrc.pdf"),
        ("...", "pdf", "berkas.pdf"),
        ("", "pptx", "berkas.pptx"),
        ("CON.pdf", "pdf", "_CON.pdf"),
        (
            "Berita Acara Penilaian — Lapas Kelas I Surabaya (Porong).pdf",
            "pdf",
            "Berita Acara Penilaian — Lapas Kelas I Surabaya (Porong).pdf",
        ),
        (
            "Rekap LKE Tahun 2025 – Kanwil Jawa Timur.xlsx",
            "xlsx",
            "Rekap LKE Tahun 2025 – Kanwil Jawa Timur.xlsx",
        ),
        ("Pakta Integritas Pegawai.pdf", "pdf", "Pakta Integritas Pegawai.pdf"),
        ("cafe\u0301 menu.png", "png", "caf\u00e9 menu.png"),  # NFC
        ("right\u202eexe.pdf", "pdf", "rightexe.pdf"),  # no bidi override tricks
        ("baris\u2028dua.pdf", "pdf", "baris dua.pdf"),
    ],
)
def test_safe_download_name(name: str, kind: str, expected: str) -> None:
    assert safe_download_name(name, kind) == expected


def test_a_very_long_name_is_cut_but_keeps_its_extension() -> None:
    name = safe_download_name("Laporan " * 100 + ".pdf", FileKind.PDF)
    assert name.endswith(".pdf")
    assert name.startswith("Laporan Laporan")
    assert len(name.encode()) <= 180
    wide = safe_download_name("文" * 200 + ".docx", FileKind.DOCX)  # 3 bytes a character
    assert wide.endswith(".docx") and len(wide.encode()) <= 180
    assert wide[:-5] == "文" * len(wide[:-5])  # never cut inside a character


@pytest.mark.django_db
def test_file_response_is_a_private_attachment_of_the_stored_kind() -> None:
    stored = store_bytes(actor=None, data=samples.PDF)
    response = file_response(stored, download_name="Laporan Triwulan.exe")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(samples.PDF))
    assert "private" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="Laporan Triwulan.pdf"' in disposition
    assert "filename*=UTF-8''Laporan%20Triwulan.pdf" in disposition
    assert b"".join(response.streaming_content) == samples.PDF  # type: ignore[arg-type]
    response.close()


@pytest.mark.django_db
def test_file_response_names_in_indonesian_and_beyond_ascii() -> None:
    stored = store_bytes(actor=None, data=samples.png())
    response = file_response(stored, download_name="Foto “Apel Pagi” — Lapas Kerobokan.png")
    disposition = response["Content-Disposition"]
    star = disposition.split("filename*=UTF-8''")[1]
    assert unquote(star) == "Foto Apel Pagi — Lapas Kerobokan.png"  # typographic quotes go too
    fallback = disposition.split('filename="')[1].split('"')[0]
    assert fallback.isascii() and fallback.endswith(".png")
    assert response["Content-Type"] == "image/png"
    response.close()
    response = file_response(stored, download_name="文书.png")
    wide = response["Content-Disposition"]
    response.close()
    assert 'filename="berkas.png"' in wide
    assert "filename*=UTF-8''%E6%96%87%E4%B9%A6.png" in wide


@pytest.mark.django_db
def test_file_response_of_a_file_gone_from_storage_is_404(private_root: Path) -> None:
    stored = store_bytes(actor=None, data=samples.PDF)
    (private_root / stored.storage_name).unlink()
    with pytest.raises(Http404):
        file_response(stored, download_name="a.pdf")
