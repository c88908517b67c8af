from apps.central.tests.conftest import simulator  # noqa: F401  (the simulator fixture, shared)
