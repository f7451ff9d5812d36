from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person on ODOP Bazaar, who logs in with an e-mail address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        default="en",
        choices=[("en", "English"), ("hi", "हिन्दी")],
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


pin_code_validator = RegexValidator(
    r"^[1-9][0-9]{5}$", _("A PIN code is 6 digits and does not start with 0.")
)
mobile_validator = RegexValidator(
    r"^[6-9][0-9]{9}$", _("Enter a 10-digit Indian mobile number, without +91.")
)


class Address(models.Model):
    """A delivery address a buyer saved; orders copy it, so editing it never changes an order."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="addresses")
    full_name = models.CharField(_("full name"), max_length=120)
    mobile = models.CharField(_("mobile number"), max_length=10, validators=[mobile_validator])
    line1 = models.CharField(_("house, building, street"), max_length=200)
    line2 = models.CharField(_("area, landmark"), max_length=200, blank=True)
    city = models.CharField(_("city or town"), max_length=100)
    state = models.ForeignKey(
        "districts.State", on_delete=models.PROTECT, related_name="+", verbose_name=_("state")
    )
    pin_code = models.CharField(_("PIN code"), max_length=6, validators=[pin_code_validator])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pin_code__regex=r"^[1-9][0-9]{5}$"),
                name="address_pin_code_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.city} {self.pin_code}"

    @property
    def street(self) -> str:
        """What the buyer wrote (lines and city), in the buyer's language."""
        return ", ".join(p for p in [self.line1, self.line2, self.city] if p)

    @property
    def one_line(self) -> str:
        """The whole address, the state named in the page's language."""
        return f"{self.street}, {self.state.display_name} {self.pin_code}"
