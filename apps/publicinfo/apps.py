from django.apps import AppConfig


class PublicinfoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.publicinfo"
    verbose_name = "Informasi publik"
