from django import forms
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    """A reason the other side can act on: required for rejecting, suspending, cancelling."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        strip=True,
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
        strip=True,
    )


class BulkSelectionForm(forms.Form):
    """The ids ticked in a queue, plus an optional reason for a bulk rejection."""

    ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True)
    reason = forms.CharField(max_length=1000, required=False, strip=True)

    def __init__(self, *args, allowed_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(pk, pk) for pk in allowed_ids]
        self.fields["ids"].error_messages["required"] = _("Please tick at least one item.")
