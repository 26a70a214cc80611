"""API tokens die with what they were given for.

A token is issued after the password and, for roles that need it, the second factor; it must
not outlive a new password, a change of roles (a commune's token must not become a movement
board's that never gave a TOTP code), a deactivation or a new authenticator. Those changes
happen in the services, and also in the Django admin (users, roles, devices) and the shell:
receivers are the one place all of these pass, so the revocation lives here and not in each.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import UnitRole
from .services import tokens_revoke

User = get_user_model()

# fields of the user whose change changes what a token may do
GUARDED = ("is_active", "is_superuser")


@receiver(pre_save, sender=User)
def _user_changed(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    # set_password() keeps the new password in clear until the save: it was changed (a hasher
    # upgrade at login clears it first, and is no change)
    if getattr(instance, "_password", None) is not None:
        tokens_revoke(user_id=instance.pk)
        return
    if update_fields is not None and not set(update_fields) & set(GUARDED):
        return  # a login's last_login, for one: no query
    old = User.objects.filter(pk=instance.pk).values(*GUARDED).first()
    if old and any(old[f] != getattr(instance, f) for f in GUARDED):
        tokens_revoke(user_id=instance.pk)


@receiver(post_save, sender=UnitRole)
@receiver(post_delete, sender=UnitRole)
def _role_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        tokens_revoke(user_id=instance.user_id)


@receiver(pre_save, sender=TOTPDevice)
def _device_changed(sender, instance, raw=False, **kwargs):
    """A new key or a newly confirmed device: tokens taken without it, or with the old one."""
    if raw:
        return
    if instance.pk is None:
        if instance.confirmed:
            tokens_revoke(user_id=instance.user_id)
        return
    old = TOTPDevice.objects.filter(pk=instance.pk).values("key", "confirmed").first()
    if old and (old["key"] != instance.key or old["confirmed"] != instance.confirmed):
        tokens_revoke(user_id=instance.user_id)


@receiver(post_delete, sender=TOTPDevice)
def _device_deleted(sender, instance, **kwargs):
    tokens_revoke(user_id=instance.user_id)
