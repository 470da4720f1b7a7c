#!/usr/bin/env python3
"""Writes zona/proposals/templates_docx/surat_pengajuan.docx, the docxtpl template of the letter
to the Minister of PAN-RB (Permenkumham 29/2019, the example after Gambar 9: "contoh surat
pengajuan reviu kepada TPN"). Run it again after changing the layout and commit the result:

    .venv/bin/python scripts/make_letter_template.py

The wording of the paragraphs is not here but in zona/proposals/letter.py (`Letter`), shared
with the PDF, so the two never say different things; this file only lays them out.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

OUT = Path(__file__).resolve().parent.parent / "zona/proposals/templates_docx/surat_pengajuan.docx"
SIGN_INDENT = Cm(8.5)


def main() -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.15

    place = doc.add_paragraph("{{ tempat }}, {{ tanggal }}")
    place.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    head = doc.add_table(rows=3, cols=3)
    for row, (label, value) in zip(
        head.rows,
        [("Nomor", "{{ nomor }}"), ("Lampiran", "{{ lampiran }}"), ("Hal", "{{ hal }}")],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text, row.cells[2].text = label, ":", value
        row.cells[0].width, row.cells[1].width, row.cells[2].width = Cm(2.5), Cm(0.5), Cm(12)
    doc.add_paragraph()

    for line in [
        "Kepada Yth.",
        "{{ kepada }}",
        "{{ cq }}",
        "di",
    ]:
        doc.add_paragraph(line)
    city = doc.add_paragraph("Jakarta")
    city.paragraph_format.left_indent = Cm(1)
    doc.add_paragraph()

    body = doc.add_paragraph("{{ pembuka }}")
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Cm(1.25)
    body.paragraph_format.space_after = Pt(6)

    units = doc.add_table(rows=4, cols=3)
    units.style = "Table Grid"
    units.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = units.rows[0].cells
    for cell, text in zip(header, ["No", "Unit Kerja", "Predikat yang Diusulkan"], strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    units.rows[1].cells[0].text = "{%tr for u in unit_kerja %}"
    row = units.rows[2].cells
    row[0].text, row[1].text, row[2].text = "{{ loop.index }}", "{{ u.nama }}", "{{ u.predikat }}"
    units.rows[3].cells[0].text = "{%tr endfor %}"
    for table_row in units.rows:
        for cell, width in zip(table_row.cells, [Cm(1.2), Cm(10.3), Cm(4.5)], strict=True):
            cell.width = width
    doc.add_paragraph()

    for key in ("permohonan", "penutup"):
        paragraph = doc.add_paragraph(f"{{{{ {key} }}}}")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
        paragraph.paragraph_format.space_after = Pt(6)
    doc.add_paragraph()

    signature = ["{{ jabatan }}", "", "", "", "{{ nama }}", "{%p if nip %}", "NIP. {{ nip }}"]
    for line in [*signature, "{%p endif %}"]:
        paragraph = doc.add_paragraph(line)
        paragraph.paragraph_format.left_indent = SIGN_INDENT
    doc.add_paragraph()

    for line in [
        "{%p if tembusan %}",
        "Tembusan:",
        "{%p for t in tembusan %}",
        "{{ loop.index }}. {{ t }}",
        "{%p endfor %}",
        "{%p endif %}",
    ]:
        doc.add_paragraph(line)

    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.save(OUT)
    print(OUT)


if __name__ == "__main__":
    main()
