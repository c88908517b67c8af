from django.apps import AppConfig


class DigitalDocsConfig(AppConfig):
    name = "apps.digitaldocs"
    label = "digitaldocs"
    verbose_name = "Dokumen elektronik"
