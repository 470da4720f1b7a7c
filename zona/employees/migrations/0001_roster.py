import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cycles', '0001_years_and_stages'),
        ('organizations', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Employee',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('nip', models.CharField(max_length=18, verbose_name='NIP')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('position', models.CharField(blank=True, max_length=200, verbose_name='position')),
                ('is_leader', models.BooleanField(default=False, verbose_name='leader (pimpinan)')),
                ('listed', models.BooleanField(default=True, verbose_name='on the current list')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('assessment_year', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='employees', to='cycles.assessmentyear')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='employees', to='organizations.unit')),
                ('updated_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'employee',
                'verbose_name_plural': 'employees',
                'ordering': ['-is_leader', 'name', 'nip'],
                'indexes': [models.Index(fields=['nip', 'assessment_year'], name='employee_nip_idx'), models.Index(fields=['unit', 'assessment_year', 'listed'], name='employee_list_idx')],
                'constraints': [models.UniqueConstraint(fields=('unit', 'assessment_year', 'nip'), name='employee_unique_nip')],
            },
        ),
    ]
