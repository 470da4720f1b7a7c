from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "zona.backup"
    verbose_name = "Backup"
