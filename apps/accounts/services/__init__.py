"""Account writes and lookups. Other apps call only the public functions documented here:

* :func:`contact_confirmed` — has the person proved their e-mail/phone? Policy: an unconfirmed resident may sign in,
  look around and fill in forms, but must confirm the contact before *submitting* anything (an application,
  a booking, a complaint), because that contact is where every status message goes. Apps that submit call
  ``contact_confirmed(user)`` and send the person to ``accounts:confirm_contact`` when it is False.
* :func:`start_url_for` — where a person lands after signing in.
* :func:`staff_links_for` — the staff pages a person's roles give access to (the staff desk).

The package is split by stage; every name is importable from here as before:

- :mod:`apps.accounts.services.staff`: Where each person starts, and the staff pages their roles open.
- :mod:`apps.accounts.services.registration`: Registering a resident: the form, its region choices, the account.
- :mod:`apps.accounts.services.contact`: Confirming a resident's e-mail or phone with a one-time code.
- :mod:`apps.accounts.services.profile`: The resident's profile and identity numbers.
- :mod:`apps.accounts.services.second_factor`: Staff second factor (TOTP devices).
"""

from __future__ import annotations

from apps.accounts.services.contact import (
    CODE_LIFETIME,
    MAX_ATTEMPTS,
    MAX_SENDS_PER_HOUR,
    RESEND_INTERVAL,
    RateLimited,
    _code_hash,
    confirm_contact,
    contact_confirmed,
    contact_of,
    mask_address,
    seconds_until_resend,
    send_confirmation_code,
)
from apps.accounts.services.profile import change_identity_numbers, update_profile
from apps.accounts.services.registration import (
    _TREE_CACHE,
    _regency_tree,
    build_register_form,
    district_choices,
    register_resident,
    set_region_choices,
    village_choices,
)
from apps.accounts.services.second_factor import (
    QR_QUIET_ZONE,
    confirm_totp_device,
    new_totp_device,
    pending_totp_device,
    reset_totp_devices,
    totp_provisioning_svg,
    totp_secret_text,
)
from apps.accounts.services.staff import (
    ROLE_START_PAGES,
    STAFF_LINKS,
    StaffLink,
    _first_url,
    _reverse_or_none,
    resident_start_context,
    staff_links_for,
    start_url_for,
)

__all__ = [
    "CODE_LIFETIME",
    "MAX_ATTEMPTS",
    "MAX_SENDS_PER_HOUR",
    "QR_QUIET_ZONE",
    "RESEND_INTERVAL",
    "ROLE_START_PAGES",
    "STAFF_LINKS",
    "_TREE_CACHE",
    "RateLimited",
    "StaffLink",
    "_code_hash",
    "_first_url",
    "_regency_tree",
    "_reverse_or_none",
    "build_register_form",
    "change_identity_numbers",
    "confirm_contact",
    "confirm_totp_device",
    "contact_confirmed",
    "contact_of",
    "district_choices",
    "mask_address",
    "new_totp_device",
    "pending_totp_device",
    "register_resident",
    "reset_totp_devices",
    "resident_start_context",
    "seconds_until_resend",
    "send_confirmation_code",
    "set_region_choices",
    "staff_links_for",
    "start_url_for",
    "totp_provisioning_svg",
    "totp_secret_text",
    "update_profile",
    "village_choices",
]
