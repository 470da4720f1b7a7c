"""The signatures and scans point at the employee on the roster (the same ids, copied by 0002)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('employees', '0001_roster'),
        ('pencanangan', '0002_employees_copied_to_the_roster'),
    ]

    operations = [
        migrations.AlterField(
            model_name='appsignature',
            name='employee',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='app_signature', to='employees.employee'),
        ),
        migrations.AlterField(
            model_name='pactscan',
            name='employee',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scans', to='employees.employee'),
        ),
    ]
