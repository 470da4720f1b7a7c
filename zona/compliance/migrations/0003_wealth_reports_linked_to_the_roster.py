"""Each wealth report is linked to the roster entry of its unit, year and NIP: created from the
report's name and position where the pakta list had none, and listed (on the LHKPN/LHKASN list
means on the roster). Backwards, the report gets its unit, year, NIP, name and position back
from the roster. Data only (PostgreSQL refuses schema changes after writes in one transaction)."""

from django.db import migrations


def link(apps, schema_editor):
    Employee = apps.get_model("employees", "Employee")
    WealthReport = apps.get_model("compliance", "WealthReport")
    for report in WealthReport.objects.all().iterator():
        employee, created = Employee.objects.get_or_create(
            unit_id=report.unit_id,
            assessment_year_id=report.assessment_year_id,
            nip=report.nip,
            defaults={
                "name": report.name,
                "position": report.position,
                "updated_by_id": report.updated_by_id,
            },
        )
        if not created and not employee.listed:
            employee.listed = True
            employee.save(update_fields=["listed"])
        report.employee = employee
        report.save(update_fields=["employee"])


def unlink(apps, schema_editor):
    WealthReport = apps.get_model("compliance", "WealthReport")
    for report in WealthReport.objects.select_related("employee").iterator():
        employee = report.employee
        report.unit_id, report.assessment_year_id = employee.unit_id, employee.assessment_year_id
        report.nip, report.name, report.position = employee.nip, employee.name, employee.position
        report.save(update_fields=["unit", "assessment_year", "nip", "name", "position"])


class Migration(migrations.Migration):

    dependencies = [
        ('compliance', '0002_wealth_reports_get_an_employee'),
        ('pencanangan', '0002_employees_copied_to_the_roster'),  # the pakta rows are on it
    ]

    operations = [
        migrations.RunPython(link, unlink),
    ]
