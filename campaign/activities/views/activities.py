"""Pages for activities and their attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scope
from accounts.models import WRITE_ROLES
from residential_areas import selectors as unit_selectors

from .. import forms, services
from .. import selectors as sel
from ..models import ActivityAttachment, ActivityKind
from ._common import T, choice_param, edit_form, form_page, list_context, new_form, page_of


@login_required
def activity_list(request):
    ctx = list_context(request, "activities")
    kind = choice_param(request, "kind", ActivityKind)
    qs = sel.activities_list(user=request.user, unit=ctx["unit"], year=ctx["year"], kind=kind)
    totals = qs.aggregate(sessions=Sum("sessions"), participants=Sum("participants"))
    ctx.update(
        {
            "page": page_of(request, qs),
            "kind": kind,
            "kinds": ActivityKind.choices,
            "totals": totals,
        }
    )
    return render(request, T + "activity_list.html", ctx)


@login_required
def activity_create(request):
    form = new_form(request, forms.ActivityForm, WRITE_ROLES, unit=request.GET.get("unit"))
    return form_page(request, "activity_create", form, services.activity_create)


@login_required
def activity_detail(request, pk):
    return _activity_detail(request, sel.activity_get_for_user(user=request.user, pk=pk))


@login_required
def activity_update(request, pk):
    activity, form = edit_form(request, pk, sel.activity_get_for_user, forms.ActivityForm)
    return form_page(request, "activity_update", form, services.activity_update, activity=activity)


@login_required
@require_POST
def activity_delete(request, pk):
    activity = sel.activity_get_for_user(user=request.user, pk=pk, write=True)
    try:
        services.activity_delete(activity=activity, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("activities:activity_detail", pk=pk)
    messages.success(request, _("Đã xóa hoạt động. Có thể khôi phục lại trong mục “Đã xóa”."))
    return redirect(_list_url("activities:activity_list", activity.unit_id))


# deleted assignments shown at most on the trash page (deleting them is rare)
TRASH_ASSIGNMENTS = 200


@login_required
def activity_trash(request):
    """Deleted activities and assignments of a unit's subtree, each with its "Khôi phục"
    button."""
    ctx = list_context(request, "activities")
    ctx["page"] = page_of(request, sel.deleted_activities_list(user=request.user, unit=ctx["unit"]))
    assignments = sel.deleted_assignments_list(user=request.user, unit=ctx["unit"])
    ctx["assignments"] = assignments[:TRASH_ASSIGNMENTS]
    ctx["can_restore_assignments"] = scope.has_role(request.user, *sel.FRONT_ROLES)
    return render(request, T + "activity_trash.html", ctx)


@login_required
@require_POST
def activity_restore(request, pk):
    activity = sel.deleted_activity_get_for_user(user=request.user, pk=pk)
    try:
        services.activity_restore(activity=activity, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_list_url("activities:activity_trash", activity.unit_id))
    messages.success(request, _("Đã khôi phục hoạt động."))
    return redirect("activities:activity_detail", pk=pk)


def _list_url(name, unit_id):
    return f"{reverse(name)}?unit={unit_id}"


@login_required
@require_POST
def attachment_add(request, pk):
    activity = sel.activity_get_for_user(user=request.user, pk=pk, write=True)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        services.activity_attach(activity=activity, by=request.user, file=form.cleaned_data["file"])
        messages.success(request, _("Đã đính kèm tệp."))
        return redirect("activities:activity_detail", pk=pk)
    return _activity_detail(request, activity, attachment_form=form, status=400)


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = scope.get_in_scope(
        # a deleted activity's files wait in the trash with it, untouched until it is restored
        ActivityAttachment.objects.filter(activity__deleted_at__isnull=True).select_related(
            "activity__unit", "activity__organization"
        ),
        request.user,
        unit_field="activity__unit",
        pk=pk,
    )
    try:
        services.attachment_delete(attachment=attachment, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Đã xóa tệp đính kèm. Có thể khôi phục lại ở mục “Tệp đã xóa” bên dưới.")
        )
    return redirect("activities:activity_detail", pk=attachment.activity_id)


@login_required
@require_POST
def attachment_restore(request, pk):
    # a deleted file of an activity in use, in scope; the service checks who may restore it
    attachment = scope.get_in_scope(
        ActivityAttachment.all_objects.filter(
            deleted_at__isnull=False, activity__deleted_at__isnull=True
        ).select_related("activity__unit", "activity__organization"),
        request.user,
        unit_field="activity__unit",
        pk=pk,
    )
    try:
        services.attachment_restore(attachment=attachment, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã khôi phục tệp đính kèm."))
    return redirect("activities:activity_detail", pk=attachment.activity_id)


def _activity_detail(request, activity, *, attachment_form=None, status=200):
    can_edit = sel.can_edit_org_owned(request.user, activity.unit, activity.organization)
    return render(
        request,
        T + "activity_detail.html",
        {
            "activity": activity,
            "can_edit": can_edit,
            "attachments": activity.attachments.all(),
            "deleted_files": (
                ActivityAttachment.all_objects.filter(activity=activity, deleted_at__isnull=False)
                if can_edit
                else ()
            ),
            "attachment_form": attachment_form or (forms.AttachmentForm() if can_edit else None),
            "crumbs": unit_selectors.crumbs(activity.unit),
        },
        status=status,
    )
