from apps.central.tests.conftest import _file_test_database, simulator  # noqa: F401  (fixture re-exported)

_file_test_database()
