from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from . import throttle
from .models import User

# Brute-force brake: failures counted in the shared cache (Redis in production) for 5 minutes.
LOGIN_FAILURES_PER_EMAIL = 5
LOGIN_FAILURES_PER_IP = 20
LOGIN_FAILURE_WINDOW_SECONDS = 300
SIGNUPS_PER_IP_PER_HOUR = 20
PASSWORD_RESETS_PER_IP_PER_HOUR = 10


class SignupForm(BaseUserCreationForm):
    """E-mail, name and a password typed twice; Django's password validators apply."""

    class Meta:
        model = User
        fields = ["email", "full_name", "preferred_language"]
        labels = {"preferred_language": _("Language for e-mails")}

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email", autofocus=True)
        self.fields["full_name"].required = True
        self.fields["full_name"].widget.attrs.update(autocomplete="name")

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self) -> None:
        """A taken address is not an error here: sign-up must answer the same for it
        (accounts.signup tells the address's owner by e-mail instead)."""


class LoginLimitMixin:
    """Refuse further tries after too many failures for one address or one client: the same
    brake and the same message on the site's log-in and the admin's."""

    request: object
    cleaned_data: dict

    def clean(self) -> dict:
        limits = {
            f"login-failures:email:{self.cleaned_data.get('username', '')}": LOGIN_FAILURES_PER_EMAIL
        }
        if self.request is not None:
            limits[f"login-failures:ip:{throttle.client_ip(self.request)}"] = LOGIN_FAILURES_PER_IP
        if any(throttle.is_over(key, limit) for key, limit in limits.items()):
            raise forms.ValidationError(
                _("Too many failed log-ins. Please wait five minutes, or reset your password."),
                code="rate_limited",
            )
        try:
            return super().clean()  # type: ignore[misc]
        except forms.ValidationError:
            for key in limits:
                throttle.count(key, LOGIN_FAILURE_WINDOW_SECONDS)
            raise


class LoginForm(LoginLimitMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class AdminLoginForm(LoginLimitMixin, AdminAuthenticationForm):
    """The admin's log-in, with the site's limits (it had none)."""

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()
