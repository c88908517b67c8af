from apps.accounts.tests.reference import reference_data

__all__ = ["reference_data"]
