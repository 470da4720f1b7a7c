"""The pakta list becomes the unit's employee roster (zona.employees), which compliance reads
too; first step: every pencanangan.Employee row is copied to employees.Employee with the same
id, so that the signatures and scans can point at the same person there (0003), before the old
table goes (0004). Data and schema changes are separate migrations: PostgreSQL refuses to alter
a table in the transaction that has just written rows with deferred constraints."""

from django.core.management.color import no_style
from django.db import migrations

FIELDS = (
    "id", "unit_id", "assessment_year_id", "nip", "name", "position", "is_leader", "listed",
    "created_at", "updated_at", "updated_by_id",
)


def to_roster(apps, schema_editor):
    source = apps.get_model("pencanangan", "Employee")
    target = apps.get_model("employees", "Employee")
    rows = [target(**{name: getattr(row, name) for name in FIELDS}) for row in source.objects.all()]
    target.objects.bulk_create(rows, batch_size=500)
    # ids were given, not drawn: move PostgreSQL's sequence past them (nothing on SQLite)
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [target]):
            cursor.execute(sql)


def empty_roster(apps, schema_editor):
    apps.get_model("employees", "Employee").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('employees', '0001_roster'),
        ('pencanangan', '0001_declarations_witnesses_pacts'),
    ]

    operations = [
        migrations.RunPython(to_roster, empty_roster),
    ]
