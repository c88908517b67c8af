"""Staff second factor (TOTP devices)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.roles import Role, roles_of
from apps.core import audit

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django_otp.plugins.otp_totp.models import TOTPDevice


# --------------------------------------------------------------------------- staff second factor


def new_totp_device(user: User) -> TOTPDevice:
    """An unconfirmed TOTP device for enrolment (replaces any earlier unconfirmed one)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=_("Aplikasi autentikator"), confirmed=False)


def pending_totp_device(user: User) -> TOTPDevice | None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def confirm_totp_device(user: User, device: TOTPDevice, token: str, *, request: HttpRequest | None = None) -> bool:
    """Confirm an enrolment with a code from the app. False if the code is wrong. Refused when the person
    already has a confirmed device (an administrator must reset it first)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    token = "".join(ch for ch in (token or "") if ch.isdigit())
    with transaction.atomic():
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise ValidationError(_("Perangkat sudah terdaftar. Minta administrator mengatur ulang bila hilang."))
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        if not locked.verify_token(token):
            return False
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        audit.record("staff.totp_enrolled", actor=user, obj=user, request=request)
    device.confirmed = True
    return True


def reset_totp_devices(staff: User, *, actor: User, request: HttpRequest | None = None) -> int:
    """Administrator action: remove every second-factor device of a staff member (lost phone). They enrol a
    new one at their next sign-in. Audited."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if Role.ADMINISTRATOR not in roles_of(actor):
        raise PermissionError("only administrators reset devices")
    with transaction.atomic():
        removed: int = TOTPDevice.objects.filter(user=staff).delete()[0]
        removed += int(StaticDevice.objects.filter(user=staff).delete()[0])
        audit.record("staff.totp_reset", actor=actor, obj=staff, request=request, data={"devices": removed})
    return removed


def totp_provisioning_svg(device: TOTPDevice) -> str:
    """The enrolment QR code (``otpauth://`` URL) as inline SVG, drawn with segno.

    One unit per module with a ``viewBox`` and no fixed size, so CSS scales it to any width without clipping (a
    fixed ``width``/``height`` with a ``scale`` transform was cut off when the page shrank it); the four-module quiet
    zone and a white background are part of the drawing, so a camera finds the code on any page colour."""
    import segno

    qr = segno.make(device.config_url, error="m")
    svg: str = qr.svg_inline(
        scale=1,
        border=QR_QUIET_ZONE,
        omitsize=True,
        dark="#0b0c0c",
        light="#ffffff",
        svgclass="otp-qr-code",
        title=str(_("Kode QR autentikator")),
    )
    # modules stay sharp squares at any zoom (no anti-aliased seams between them); named for screen readers
    return svg.replace("<svg ", '<svg role="img" shape-rendering="crispEdges" ', 1)


QR_QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret in base32 (what authenticator apps ask for when typed by hand), in groups of four."""
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
