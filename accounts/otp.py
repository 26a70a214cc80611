"""Two-factor authentication (TOTP, django-otp): who needs it and how a device is confirmed."""

from django.conf import settings
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import scope


def otp_required(user) -> bool:
    """Required for the roles in OTP_REQUIRED_ROLES; for anyone who turned it on themselves."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_otp_required", None)
    if cached is None:
        cached = (
            scope.has_role(user, *settings.OTP_REQUIRED_ROLES)
            or TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        )
        user._otp_required = cached
    return cached


def device_for(user, *, create: bool = False) -> TOTPDevice | None:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None and create:
            device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
    return device


def verify(request, token: str) -> bool:
    """Check a 6-digit code against the user's device; on success mark the session verified."""
    device = device_for(request.user)
    token = (token or "").strip().replace(" ", "")
    if device is None or not token.isdigit() or not device.verify_token(token):
        return False
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    # a new session key for the raised privilege, as at login: a key seen before the second
    # factor (fixed by an attacker, or read over the shoulder) must not carry it
    request.session.cycle_key()
    otp_login(request, device)
    return True
