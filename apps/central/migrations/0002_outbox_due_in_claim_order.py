from django.db import migrations, models


class Migration(migrations.Migration):
    """The outbox index follows the claim's order (next_attempt_at, id), so a claim reads only its batch."""

    dependencies = [("central", "0001_initial")]

    operations = [
        migrations.RemoveIndex(model_name="outboxmessage", name="outbox_due"),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(fields=["status", "next_attempt_at", "id"], name="outbox_due"),
        ),
    ]
