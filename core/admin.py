"""What the apps' admin pages share."""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _refuse_writes(request) -> None:
    if request.method not in SAFE_METHODS:
        raise PermissionDenied


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin with its history form shown, never saved: the form's
    "revert" saves a past version through the admin form, past the services' locks and checks
    and past the model admin's own change permission (an accepted submission went back to
    draft that way)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _refuse_writes(request)
        request.history_form = True  # every field shown, none of them an input
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_change_history_permission(self, request, obj=None):
        return False  # hides the revert button: the past version is only shown

    def get_readonly_fields(self, request, obj=None):
        if getattr(request, "history_form", False):
            opts = self.model._meta
            return [f.name for f in (*opts.fields, *opts.many_to_many) if f.editable]
        return super().get_readonly_fields(request, obj)


class ReadOnlyMixin:
    """Official data is shown, never written, in the admin: its writes go through the
    services, where the locks, the validation and the history are. Every view of such a model
    answers a write (POST and the like) with 403, whatever it would do with it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        _refuse_writes(request)  # admin actions and list_editable post here
        return super().changelist_view(request, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        _refuse_writes(request)
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        _refuse_writes(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        _refuse_writes(request)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        _refuse_writes(request)
        return super().history_view(request, object_id, extra_context)


class ReadOnlyAdmin(ReadOnlyMixin, HistoryAdmin):
    pass
