from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "apps.families"
    label = "families"
    verbose_name = "Keluarga (KK)"
