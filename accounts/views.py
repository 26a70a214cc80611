from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import scope, services
from .forms import RoleGrantForm, UserCreateForm
from .lockout import locked_until, lockout_message, login_username
from .models import Role, UnitRole

User = get_user_model()


def _require_admin(request):
    if not scope.has_role(request.user, Role.PROVINCE_ADMIN):
        raise PermissionDenied(_("Chỉ Ban Thường trực (quản trị) được quản lý người dùng."))


def _assignable_units(user):
    today = timezone.localdate()
    return scope.visible_units(user).as_of(today).order_by("path")


def _users_in_scope(user):
    """Users holding at least one role inside the admin's subtree."""
    roles = UnitRole.objects.filter(scope.scope_q(user, "unit"), user=OuterRef("pk"))
    return User.objects.filter(Exists(roles))


def _user_get(request, pk):
    try:
        return _users_in_scope(request.user).get(pk=pk)
    except (User.DoesNotExist, ValueError):
        raise Http404(scope.NOT_IN_SCOPE) from None


@login_required
def user_list(request):
    _require_admin(request)
    q = request.GET.get("q", "").strip()
    users = _users_in_scope(request.user).prefetch_related(
        Prefetch("unit_roles", queryset=UnitRole.objects.select_related("unit"))
    )
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
    page = Paginator(users.order_by("username"), 25).get_page(request.GET.get("page"))
    locked = locked_until(u.username for u in page.object_list)
    return render(request, "accounts/user_list.html", {"page": page, "q": q, "locked": locked})


@login_required
def user_create(request):
    _require_admin(request)
    form = UserCreateForm(request.POST or None, units=_assignable_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã tạo tài khoản %(u)s.") % {"u": user.username})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail(request, pk):
    _require_admin(request)
    target = _user_get(request, pk)
    form = RoleGrantForm(request.POST or None, units=_assignable_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.role_grant(by=request.user, user=target, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã gán vai trò."))
            return redirect("accounts:user_detail", pk=target.pk)
    roles = target.unit_roles.select_related("unit").order_by("unit__path")
    locked = locked_until([target.username]).get(target.username)
    return render(
        request,
        "accounts/user_detail.html",
        {"target": target, "roles": roles, "form": form, "locked": locked},
    )


@login_required
@require_POST
def role_revoke(request, pk, role_pk):
    _require_admin(request)
    target = _user_get(request, pk)
    unit_role = scope.get_in_scope(
        target.unit_roles.all(),
        request.user,
        write=True,
        write_roles=[Role.PROVINCE_ADMIN],
        pk=role_pk,
    )
    try:
        services.role_revoke(by=request.user, unit_role=unit_role)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, _("Đã thu hồi vai trò."))
    return redirect("accounts:user_detail", pk=target.pk)


@login_required
@require_POST
def user_toggle_active(request, pk):
    _require_admin(request)
    target = _user_get(request, pk)
    if target == request.user:
        messages.error(request, _("Bạn không thể tự khóa tài khoản của mình."))
    else:
        services.user_set_active(by=request.user, user=target, active=not target.is_active)
        messages.success(
            request,
            _("Đã mở lại tài khoản.") if target.is_active else _("Đã khóa tài khoản."),
        )
    return redirect("accounts:user_detail", pk=target.pk)


@login_required
@require_POST
def user_unlock(request, pk):
    _require_admin(request)
    target = _user_get(request, pk)
    services.user_unlock(by=request.user, user=target)
    messages.success(request, _("Đã mở khóa đăng nhập cho %(u)s.") % {"u": target.username})
    return redirect("accounts:user_detail", pk=target.pk)


def _qr_svg(uri: str) -> str:
    import io

    import qrcode
    import qrcode.image.svg

    buf = io.BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(buf)
    return buf.getvalue().decode()


@login_required
def otp_verify(request):
    """Set up (first time: scan the QR code) or confirm the six-digit code of the TOTP app."""
    from django.utils.http import url_has_allowed_host_and_scheme

    from . import otp

    device = otp.device_for(request.user, create=True)
    error = ""
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    if request.method == "POST":
        if otp.verify(request, request.POST.get("token", "")):
            messages.success(request, _("Đã xác thực hai lớp."))
            return redirect(next_url)
        error = _("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã mới nhất trong ứng dụng.")
    context = {"device": device, "error": error, "next": next_url, "setup": not device.confirmed}
    if not device.confirmed:
        import base64

        secret = base64.b32encode(device.bin_key).decode()
        # in groups of four, as authenticator apps show and accept it when typed by hand
        context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        # the phone showing this page cannot scan its own screen: it opens the app by link
        context["otp_uri"] = device.config_url
        context["qr_svg"] = _qr_svg(device.config_url)
    return render(request, "accounts/otp.html", context)


@login_required
def access_log(request):
    from .models import PersonalDataAccess

    _require_admin(request)
    users = _users_in_scope(request.user)
    entries = PersonalDataAccess.objects.filter(user__in=users).select_related("user")
    who = request.GET.get("user", "").strip()
    if who:
        entries = entries.filter(user__username=who)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/access_log.html", {"page": page, "who": who})


def lockout_response(request, original_response=None, credentials=None):
    """django-axes lockout: a page for people, JSON for API clients (status 429 for both),
    saying until when."""
    from django.http import JsonResponse

    username = (credentials or {}).get("username") or login_username(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message(username)}, status=429)
    until = locked_until([username]).get(username) if username else None
    return render(request, "accounts/locked_out.html", {"until": until}, status=429)
