import io

import pytest

from apps.applications.models import Application


@pytest.mark.django_db
def test_the_demo_loads_applications_in_several_states_and_is_idempotent(
    django_capture_on_commit_callbacks,
) -> None:
    from apps.accounts import demo as accounts_demo
    from apps.applications import demo
    from apps.locations import demo as locations_demo

    out = io.StringIO()
    # as in `manage.py load_demo`: each step commits, then the stages route the verified files
    with django_capture_on_commit_callbacks(execute=True):
        locations_demo.load(out)
        accounts_demo.load(out)
        demo.load(out)
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(out)
    states = dict(Application.objects.values_list("form_data__demo", "status"))
    assert states == {"budi-hilang": "submitted", "budi-rusak": "draft", "siti-baru": "awaiting_biometrics",
                      "wahyu-perubahan": "needs_correction"}
