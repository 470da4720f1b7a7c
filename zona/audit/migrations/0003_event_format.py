"""Events name the recipe of their hash: those written so far keep recipe 1 (without the
object's name), new ones get 2 (zona.audit.chain). Adding a column with a default writes no
row, so the append-only trigger of 0002 is not in the way."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="format",
            field=models.PositiveSmallIntegerField(default=1),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="event",
            name="format",
            field=models.PositiveSmallIntegerField(default=2),
        ),
    ]
