"""What the apps' admin pages share."""

from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyMixin:
    """Official data is shown, never written, in the admin: its writes go through the
    services, where the locks, the validation and the history are."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    pass
