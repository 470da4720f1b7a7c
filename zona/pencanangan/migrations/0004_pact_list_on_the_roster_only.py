"""The old pakta list goes: the roster holds its rows (0002). Backwards, the table comes back
and is filled from the roster with the same ids (whoever joined the roster since included),
before 0003 points the signatures back at it."""

from django.core.management.color import no_style
from django.db import migrations

FIELDS = (
    "id", "unit_id", "assessment_year_id", "nip", "name", "position", "is_leader", "listed",
    "created_at", "updated_at", "updated_by_id",
)


def from_roster(apps, schema_editor):
    source = apps.get_model("employees", "Employee")
    target = apps.get_model("pencanangan", "Employee")
    rows = [target(**{name: getattr(row, name) for name in FIELDS}) for row in source.objects.all()]
    target.objects.bulk_create(rows, batch_size=500)
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [target]):
            cursor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('pencanangan', '0003_pacts_on_the_employee_roster'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, from_roster),
        migrations.DeleteModel(
            name='Employee',
        ),
    ]
