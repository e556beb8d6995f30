"""Each role's home page; the notice list, opening a notice (then its page), e-mail settings."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balatkop import access
from balatkop.pagination import paginate
from notices import home as todo
from notices.forms import NoticeSettingsForm
from notices.models import Notice, NoticeSettings

PAGE_SIZE = 30


def home(request):
    """The landing page: each role's to-do list, then the menu."""
    user, today = request.user, timezone.localdate()
    context = {"today": today}
    if access.is_balai_staff(user):
        context["sections"] = todo.staff_home(user, today)
    elif access.is_district_officer(user):
        context["sections"] = todo.officer_home(request, user, today)
        context["call_letters"] = todo.call_letters(user, today)
    elif access.is_head(user):
        context["head"] = todo.head_home(user, today)
    return render(request, "balatkop/home.html", context)


@require_GET
def notice_list(request):
    """One's notices, newest first, unread ones marked."""
    notices = Notice.objects.for_user(request.user)
    page = paginate(request, notices, size=PAGE_SIZE)
    return render(request, "notices/notice_list.html", {"page_obj": page})


@require_GET
def notice_open(request, pk: int):
    """Mark the notice read and go to the page it is about."""
    notice = get_object_or_404(Notice.objects.for_user(request.user), pk=pk)
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk).update(read_at=timezone.now())
    if not url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None):
        return redirect("notices:list")
    return redirect(notice.url)


@require_POST
def notice_read_all(request):
    marked = Notice.objects.for_user(request.user).unread().update(read_at=timezone.now())
    if marked:
        messages.success(request, f"{marked} pemberitahuan ditandai sudah dibaca.")
    return redirect("notices:list")


@require_http_methods(["GET", "POST"])
def notice_settings(request):
    """Whether notices also come by e-mail."""
    current = NoticeSettings.objects.filter(user=request.user).first() or NoticeSettings(
        user=request.user
    )
    form = NoticeSettingsForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            "E-mail pemberitahuan dinyalakan."
            if form.cleaned_data["email"]
            else "E-mail pemberitahuan dimatikan; pemberitahuan tetap tampil di Balatkop.",
        )
        return redirect("notices:settings")
    return render(
        request,
        "notices/notice_settings.html",
        {"form": form, "has_email": bool(request.user.email)},
    )
