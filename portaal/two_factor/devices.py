"""Who needs a second factor, and the TOTP devices that give it."""

from __future__ import annotations

from base64 import b32encode

from django.conf import settings

import qrcode
import qrcode.image.svg
from django_otp.plugins.otp_totp.models import TOTPDevice


def has_admin_access(user) -> bool:
    """Editors: users who may enter the Wagtail admin (where the code check lives)."""
    # has_perm loads the permission set once and caches it on the user object.
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


def is_required() -> bool:
    return bool(getattr(settings, "WAGTAIL_2FA_REQUIRED", False))


def confirmed_devices(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True)


def has_confirmed_device(user) -> bool:
    return confirmed_devices(user).exists()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled; reused so a reload keeps the same key."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    return device


def manual_key(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for apps that cannot scan."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (rendered here; nothing leaves the site)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage)
    return image.to_string(encoding="unicode")
