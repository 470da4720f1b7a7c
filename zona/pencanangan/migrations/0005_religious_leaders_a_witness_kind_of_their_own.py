"""Religious leaders (tokoh agama) become a witness kind of their own, beside community
leaders (tokoh masyarakat): Bab II A asks a satker in a province for both. Only the choices
change; no row is rewritten. A row of the old merged kind "tokoh" now reads as a community
leader: a religious leader recorded under it is shown as such until the operator records them
again as "tokoh_agama" (the page names "Tokoh agama" as not recorded yet meanwhile).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pencanangan', '0004_pact_list_on_the_roster_only'),
    ]

    operations = [
        migrations.AlterField(
            model_name='witness',
            name='kind',
            field=models.CharField(choices=[('kpk', 'Corruption Eradication Commission (KPK)'), ('ombudsman', 'Ombudsman RI'), ('forkopimda', 'Forkopimda / OPD (regional government)'), ('akademisi', 'Academics'), ('tokoh', 'Community leaders'), ('tokoh_agama', 'Religious leaders'), ('dunia_usaha', 'Business'), ('media', 'Media')], max_length=16, verbose_name='witness from'),
        ),
    ]
