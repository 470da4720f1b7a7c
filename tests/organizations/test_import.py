import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.conftest import Ministry
from tests.core.hostile import deflated, package, sheet_xml, zip_of
from zona.accounts.models import Membership, User
from zona.audit.models import Event
from zona.organizations.importing import UNIT_COLUMNS
from zona.organizations.models import Unit

GOOD_UNIT = {
    "kode": "LAPAS_MLG",
    "nama": "Lapas Kelas I Malang",
    "nama_singkat": "Lapas Malang",
    "jenis": "upt",
    "jenis_upt": "LAPAS",
    "provinsi": "Jawa Timur",
    "kota": "Malang",
    "kode_induk": "KANWIL_JATIM",
    "kode_pembina": "DJPAS",
    "aktif": "ya",
}


def xlsx_upload(header: list[str], rows: list[dict[str, str]], name: str = "data.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(col, "") for col in header])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def csv_upload(text: str, name: str = "data.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"))


def post_units(ministry: Ministry, upload, client: Client | None = None):
    client = client or ministry.client_for("admin")
    return client.post(reverse("import_units"), {"file": upload})


def test_good_units_are_created_with_paths_and_events(ministry: Ministry) -> None:
    second = GOOD_UNIT | {
        "kode": "RUTAN_MLG",
        "nama": "Rutan Kelas IIB Malang",
        "jenis_upt": "RUTAN",
    }
    response = post_units(ministry, xlsx_upload(list(UNIT_COLUMNS), [GOOD_UNIT, second]))
    assert response.status_code == 302
    lapas = Unit.objects.get(code="LAPAS_MLG")
    assert lapas.parent == ministry.units["kanwil_jatim"]
    assert lapas.pembina == ministry.units["djpas"]
    assert lapas.path.startswith(ministry.units["kanwil_jatim"].path)
    assert Event.objects.filter(action="unit.created", object_id=str(lapas.pk)).exists()
    assert lapas in Unit.objects.visible_to(ministry.users["verifier_jatim"])


def test_one_bad_row_rejects_the_file_and_names_row_and_column(ministry: Ministry) -> None:
    bad = GOOD_UNIT | {"kode": "RUTAN_X", "jenis_upt": "PENJARA"}
    rows = [GOOD_UNIT, bad, GOOD_UNIT | {"kode": "BAPAS_MLG", "jenis_upt": "BAPAS"}]
    client = ministry.client_for("admin")  # its log-in is an event of its own
    units_before, events_before = Unit.objects.count(), Event.objects.count()
    response = post_units(ministry, xlsx_upload(list(UNIT_COLUMNS), rows), client)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Berkas tidak diimpor" in body
    assert "<td>3</td><td><code>jenis_upt</code></td>" in body
    assert "harus salah satu dari" in body
    assert Unit.objects.count() == units_before
    assert Event.objects.count() == events_before


@pytest.mark.parametrize(
    ("change", "row", "column"),
    [
        ({"kode": ""}, 2, "kode"),
        ({"kode": "a b/c"}, 2, "kode"),
        ({"nama": ""}, 2, "nama"),
        ({"jenis": "dinas"}, 2, "jenis"),
        ({"provinsi": ""}, 2, "provinsi"),
        ({"kode_induk": "TIDAK_ADA"}, 2, "kode_induk"),
        ({"kode_induk": "DJIM"}, 2, "kode_induk"),  # a UPT's parent must be a Kanwil
        ({"kode_pembina": "KANWIL_BALI"}, 2, "kode_pembina"),
        ({"aktif": "mungkin"}, 2, "aktif"),
    ],
)
def test_each_kind_of_bad_cell_is_reported(
    ministry: Ministry, change: dict, row: int, column: str
) -> None:
    from zona.core.errors import ImportRejected
    from zona.core.tabular import read_table
    from zona.organizations.importing import import_units

    upload = xlsx_upload(list(UNIT_COLUMNS), [GOOD_UNIT | change])
    table = read_table(upload.read(), "units.xlsx", max_rows=100)
    with pytest.raises(ImportRejected) as rejected:
        import_units(actor=None, table=table)
    assert (rejected.value.errors[0].row, rejected.value.errors[0].column) == (row, column)


def test_duplicate_codes_in_one_file(ministry: Ministry) -> None:
    response = post_units(ministry, xlsx_upload(list(UNIT_COLUMNS), [GOOD_UNIT, GOOD_UNIT]))
    assert response.status_code == 400
    assert "sudah ada di baris 2" in response.content.decode()


def test_missing_columns_and_wrong_file_types(ministry: Ministry) -> None:
    response = post_units(ministry, csv_upload("kode,nama\nX,Y\n"))
    assert response.status_code == 400
    assert "kolom wajib tidak ada" in response.content.decode()
    response = post_units(ministry, SimpleUploadedFile("data.pdf", b"%PDF-1.4"))
    assert "Unggah berkas .xlsx atau .csv" in response.content.decode()
    response = post_units(ministry, SimpleUploadedFile("data.xlsx", b"bukan zip"))
    assert "bukan berkas .xlsx yang dapat dibaca" in response.content.decode()


def test_a_billion_laughs_file_is_refused_and_changes_nothing(ministry: Ministry) -> None:
    laughs = b"".join(b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 10))
    sheet = b'<!DOCTYPE w [<!ENTITY l0 "lol">%s]>%s' % (
        laughs,
        sheet_xml(b'<row><c t="inlineStr"><is><t>&l9;</t></is></c></row>'),
    )
    client = ministry.client_for("admin")  # its log-in is an event of its own
    units, events = Unit.objects.count(), Event.objects.count()
    response = post_units(
        ministry, SimpleUploadedFile("unit.xlsx", zip_of(package(deflated(sheet)))), client
    )
    assert response.status_code == 400
    assert "memuat deklarasi XML (DTD atau entitas)" in response.content.decode()
    assert (Unit.objects.count(), Event.objects.count()) == (units, events)


def test_csv_with_semicolons_and_a_bom_is_read(ministry: Ministry) -> None:
    header = ";".join(UNIT_COLUMNS)
    line = ";".join(GOOD_UNIT[c] for c in UNIT_COLUMNS)
    response = post_units(ministry, csv_upload(f"\ufeff{header}\n{line}\n"))
    assert response.status_code == 302
    assert Unit.objects.filter(code="LAPAS_MLG").exists()


def test_export_then_import_changes_nothing(ministry: Ministry) -> None:
    client = ministry.client_for("admin")
    exported = client.get(reverse("export_units", args=["xlsx"]))
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert [c.value for c in sheet[1]] == list(UNIT_COLUMNS)
    assert sheet.max_row == Unit.objects.count() + 1
    events_before = Event.objects.count()
    response = post_units(ministry, SimpleUploadedFile("unit.xlsx", exported.content), client)
    assert response.status_code == 302
    assert Event.objects.count() == events_before


def test_an_update_by_code_is_audited_with_before_and_after(ministry: Ministry) -> None:
    row = GOOD_UNIT | {"kode": "LAPAS_SBY", "nama": "Lapas Kelas I Surabaya Baru"}
    assert post_units(ministry, xlsx_upload(list(UNIT_COLUMNS), [row])).status_code == 302
    event = Event.objects.filter(action="unit.updated").latest("seq")
    assert event.after["name"] == "Lapas Kelas I Surabaya Baru"
    assert event.before["name"] == "Lapas Kelas I Surabaya"


def test_export_is_scoped_to_what_the_user_sees(ministry: Ministry) -> None:
    response = ministry.client_for("verifier_jatim").get(reverse("export_units", args=["csv"]))
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 3  # header + Kanwil Jatim and its two UPT


USER_HEADER = ["nip", "email", "nama_lengkap", "kode_unit", "peran"]


def post_users(ministry: Ministry, rows: list[dict[str, str]]):
    client = ministry.client_for("admin")
    return client.post(reverse("import_users"), {"file": xlsx_upload(USER_HEADER, rows)})


def test_users_with_memberships_are_imported(ministry: Ministry) -> None:
    rows = [
        {
            "nip": "199001012015031001",
            "email": "budi@kemenkumham.go.id",
            "nama_lengkap": "Budi",
            "kode_unit": "LAPAS_SBY",
            "peran": "operator_satker",
        },
        {
            "nip": "199001012015031001",
            "email": "budi@kemenkumham.go.id",
            "nama_lengkap": "Budi",
            "kode_unit": "KANWIL_JATIM",
            "peran": "tim_kerja_kanwil",
        },
    ]
    assert post_users(ministry, rows).status_code == 302
    budi = User.objects.get(nip="199001012015031001")
    assert not budi.has_usable_password()
    assert set(Membership.objects.filter(user=budi).values_list("role", flat=True)) == {
        "operator_satker",
        "tim_kerja_kanwil",
    }


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"nip": "12345"}, "nip"),
        ({"email": "bukan-email"}, "email"),
        ({"kode_unit": "TIDAK_ADA"}, "kode_unit"),
        ({"peran": "raja"}, "peran"),
        ({"peran": "tim_kerja_kanwil"}, "peran"),  # a Kanwil role in a UPT
        ({"email": "verifier_jatim@example.go.id"}, "email"),  # someone else's e-mail
    ],
)
def test_a_bad_user_row_rejects_everything(ministry: Ministry, change: dict, column: str) -> None:
    good = {
        "nip": "199001012015031002",
        "email": "sari@kemenkumham.go.id",
        "nama_lengkap": "Sari",
        "kode_unit": "LAPAS_SBY",
        "peran": "operator_satker",
    }
    other = good | {
        "nip": "199001012015031003",
        "email": "tono@kemenkumham.go.id",
        "nama_lengkap": "Tono",
    }
    users_before = User.objects.count()
    response = post_users(ministry, [other, good | change])
    assert response.status_code == 400
    assert f"<td>3</td><td><code>{column}</code></td>" in response.content.decode()
    assert User.objects.count() == users_before


def test_a_malformed_xlsx_is_refused_with_a_message(ministry: Ministry) -> None:
    from tests.core.hostile import xlsx

    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>kode</t></is></c></row>'
    broken = xlsx(row + b'<row r="2"><c r="A2"><v>1</v></row>')  # </c> missing
    before = Unit.objects.count()
    response = post_units(ministry, SimpleUploadedFile("unit.xlsx", broken))
    assert response.status_code == 400
    assert "Ini bukan berkas .xlsx yang dapat dibaca." in response.content.decode()
    assert Unit.objects.count() == before
