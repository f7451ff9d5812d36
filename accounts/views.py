"""Sign-up, log-in, log-out and password reset: Django's own auth views with our templates."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from . import throttle
from .forms import (
    PASSWORD_RESETS_PER_IP_PER_HOUR,
    SIGNUPS_PER_IP_PER_HOUR,
    LoginForm,
    SignupForm,
)
from .models import User
from .signup import activation_tokens, sign_up


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url("districts:home")


@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        key = f"signups:ip:{throttle.client_ip(request)}"
        if throttle.is_over(key, SIGNUPS_PER_IP_PER_HOUR):
            form.add_error(None, _("Too many sign-ups from your network. Please try again later."))
        throttle.count(key, 3600)
    if request.method == "POST" and form.is_valid():
        next_url = request.POST.get("next", "")
        sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            full_name=form.cleaned_data["full_name"],
            language=form.cleaned_data["preferred_language"],
            next_url=next_url if next_url == _safe_next(request) else "",
        )
        request.session["signup_email"] = form.cleaned_data["email"]
        return redirect("accounts:signup-sent")
    next_url = request.POST.get("next") or request.GET.get("next", "")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def signup_sent(request: HttpRequest) -> HttpResponse:
    """The one answer to every valid sign-up, whether or not the address had an account."""
    return render(
        request, "accounts/signup_sent.html", {"email": request.session.get("signup_email", "")}
    )


def activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link in the activation e-mail: a button (mail scanners follow links; they do not
    press buttons) that activates the account and logs in."""
    try:
        user = User.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    valid = user is not None and activation_tokens.check_token(user, token)
    if request.method == "POST" and valid:
        user.is_active = True
        user.save(update_fields=["is_active"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to ODOP Bazaar! Your account is ready."))
        return redirect(_safe_next(request))
    return render(
        request,
        "accounts/activate.html",
        {"valid": valid, "next": request.GET.get("next", "")},
        status=200 if valid else 400,
    )


login_view = auth_views.LoginView.as_view(
    template_name="accounts/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)
logout_view = auth_views.LogoutView.as_view()


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, with a per-IP brake so it cannot be used to flood inboxes."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        key = f"password-resets:ip:{throttle.client_ip(self.request)}"
        if throttle.is_over(key, PASSWORD_RESETS_PER_IP_PER_HOUR):
            form.add_error(None, _("Too many reset requests. Please try again in an hour."))
            return self.form_invalid(form)
        throttle.count(key, 3600)
        return super().form_valid(form)


password_reset = PasswordResetView.as_view(
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/email/password_reset_body.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password-reset-done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password-reset-complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
