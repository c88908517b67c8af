"""Store a missing e-mail or phone as NULL, not "" (both columns are unique)."""

from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(email="").update(email=None)
    User.objects.filter(phone="").update(phone=None)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_contactconfirmation")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
