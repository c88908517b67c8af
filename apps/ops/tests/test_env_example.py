"""deploy/sipon.env.example documents every environment variable the settings read."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# Read by the settings for development and tests only; a production installation never sets them.
DEVELOPMENT_ONLY = {"SIPON_LOCAL", "SIPON_TESTING", "SIPON_SQLITE_TEST_NAME", "TASK_BACKEND", "AXES_ENABLED"}


def test_every_setting_read_from_the_environment_is_in_the_env_template() -> None:
    settings_source = (ROOT / "sipon" / "settings.py").read_text()
    names = set(re.findall(r'env_(?:str|bool|int|list|choice)\(\s*"([A-Z0-9_]+)"', settings_source))
    assert "SECRET_KEY" in names and "DATABASE_URL" in names
    template = (ROOT / "deploy" / "sipon.env.example").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", template, flags=re.MULTILINE))
    missing = sorted(names - documented - DEVELOPMENT_ONLY)
    assert missing == [], f"add these to deploy/sipon.env.example (and docs/deploy.md if they matter): {missing}"


def test_the_env_template_holds_no_secret() -> None:
    template = (ROOT / "deploy" / "sipon.env.example").read_text()
    for name in ("SECRET_KEY", "S3_SECRET_ACCESS_KEY", "EMAIL_HOST_PASSWORD", "CENTRAL_TOKEN",
                 "NOTIFICATION_WEBHOOK_SECRET", "OPS_METRICS_TOKEN", "S3_ACCESS_KEY_ID"):
        assert re.search(rf"^{name}=$", template, flags=re.MULTILINE), f"{name} must be empty in the template"
    assert "postgres://sipon:CHANGE@" in template
