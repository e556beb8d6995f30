from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator

from balatkop.access import can_edit_balai_settings, require
from balatkop.forms import BalaiSettingsForm, LoginForm


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def balai_settings(request):
    """Staff edit their own balai's letterhead and signatory (the impact report and documents)."""
    require(can_edit_balai_settings(request.user))
    balai = request.user.balai
    form = BalaiSettingsForm(request.POST or None, request.FILES or None, instance=balai)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Kop surat dan penandatangan tersimpan.")
        return redirect("balai_settings")
    return render(request, "balatkop/balai_settings.html", {"form": form, "balai": balai})


@login_not_required
def health(request):
    """A health check for load balancers, and the benchmark's trivial baseline page."""
    return HttpResponse("ok", content_type="text/plain")


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    response = render(request, "404.html", status=404)
    response.is_product_page = True  # balatkop.middleware.StyledNotFoundMiddleware
    return response
