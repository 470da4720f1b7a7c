"""A wealth report belongs to an employee on the roster: its own copy of the employee goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('compliance', '0003_wealth_reports_linked_to_the_roster'),
    ]

    operations = [
        migrations.RemoveField(model_name='wealthreport', name='unit'),
        migrations.RemoveField(model_name='wealthreport', name='assessment_year'),
        migrations.RemoveField(model_name='wealthreport', name='nip'),
        migrations.RemoveField(model_name='wealthreport', name='name'),
        migrations.RemoveField(model_name='wealthreport', name='position'),
        migrations.AlterField(
            model_name='wealthreport',
            name='employee',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='wealth_report', to='employees.employee'),
        ),
        migrations.AlterModelOptions(
            name='wealthreport',
            options={'ordering': ['-obligation', 'employee__name', 'employee__nip'], 'verbose_name': 'wealth report', 'verbose_name_plural': 'wealth reports'},
        ),
    ]
