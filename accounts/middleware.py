from django.http import Http404


class AdminAccessMiddleware:
    """The Django admin is for province admins only; to everyone else it does not exist."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            from .models import Role
            from .scope import has_role

            user = request.user
            if user.is_authenticated and not has_role(user, Role.PROVINCE_ADMIN):
                raise Http404
        return self.get_response(request)
