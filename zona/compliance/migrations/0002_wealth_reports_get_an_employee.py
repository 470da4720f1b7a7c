"""A wealth report will belong to an employee on the unit's roster (zona.employees) instead of
carrying its own copy of the employee. First step: the link, empty; the copy's columns nullable
(or with a default), so that the way back can add them again before 0003 fills them."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('compliance', '0001_findings_wealth_reports_ministry_grades'),
        ('cycles', '0001_years_and_stages'),
        ('employees', '0001_roster'),
        ('organizations', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='wealthreport',
            name='employee',
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='wealth_report', to='employees.employee'),
        ),
        migrations.RemoveConstraint(
            model_name='wealthreport',
            name='wealth_report_unique_nip',
        ),
        migrations.AlterField(
            model_name='wealthreport',
            name='unit',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='wealth_reports', to='organizations.unit'),
        ),
        migrations.AlterField(
            model_name='wealthreport',
            name='assessment_year',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='wealth_reports', to='cycles.assessmentyear'),
        ),
        migrations.AlterField(
            model_name='wealthreport',
            name='nip',
            field=models.CharField(default='', max_length=18, verbose_name='NIP'),
        ),
        migrations.AlterField(
            model_name='wealthreport',
            name='name',
            field=models.CharField(default='', max_length=150, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='wealthreport',
            name='position',
            field=models.CharField(blank=True, default='', max_length=200, verbose_name='position'),
        ),
    ]
