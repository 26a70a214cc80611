"""Pages for member organizations and their assignments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import forms, services
from .. import selectors as sel
from ._common import T, edit_form, form_page, list_context, list_page, new_form, page_of


@login_required
def org_list(request):
    ctx = list_context(request, "orgs")
    ctx["page"] = page_of(request, sel.member_orgs_list(user=request.user, unit=ctx["unit"]))
    return render(request, T + "org_list.html", ctx)


@login_required
def org_create(request):
    form = new_form(request, forms.MemberOrganizationForm)
    return form_page(request, "org_create", form, services.member_org_create)


@login_required
def org_update(request, pk):
    org, form = edit_form(request, pk, sel.member_org_get_for_user, forms.MemberOrganizationForm)
    return form_page(request, "org_update", form, services.member_org_update, org=org)


@login_required
def assignment_list(request):
    return list_page(request, "assignments", sel.assignments_list, "assignment_list.html")


@login_required
def assignment_create(request):
    form = new_form(request, forms.AssignmentForm, year=timezone.localdate().year)
    return form_page(request, "assignment_create", form, services.assignment_create)


@login_required
def assignment_update(request, pk):
    assignment, form = edit_form(request, pk, sel.assignment_get_for_user, forms.AssignmentForm)
    return form_page(
        request, "assignment_update", form, services.assignment_update, assignment=assignment
    )


@login_required
@require_POST
def assignment_delete(request, pk):
    assignment = sel.assignment_get_for_user(user=request.user, pk=pk, write=True)
    try:
        services.assignment_delete(assignment=assignment, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã xóa phân công. Có thể khôi phục lại trong mục “Đã xóa”."))
    return redirect(f"{reverse('activities:assignment_list')}?unit={assignment.unit_id}")


@login_required
@require_POST
def assignment_restore(request, pk):
    assignment = sel.deleted_assignment_get_for_user(user=request.user, pk=pk)
    try:
        services.assignment_restore(assignment=assignment, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('activities:activity_trash')}?unit={assignment.unit_id}")
    messages.success(request, _("Đã khôi phục phân công."))
    url = reverse("activities:assignment_list")
    return redirect(f"{url}?unit={assignment.unit_id}&year={assignment.year}")
