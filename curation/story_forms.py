"""Forms of the storefront curation pages (stories, hero photos, featured listings)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from catalog.models import Listing
from districts.forms import StoryPhotoField, StoryTextField


class DistrictSearchForm(forms.Form):
    q = forms.CharField(label=_("District or state"), max_length=60, required=False, strip=True)


class DistrictStoryForm(forms.Form):
    story = StoryTextField(label=_("Story in English"))
    story_hi = StoryTextField(label=_("Story in Hindi"))


class OdopProductStoryForm(forms.Form):
    story = StoryTextField(label=_("History, in English"))
    story_hi = StoryTextField(label=_("History, in Hindi"))
    craft = StoryTextField(label=_("The craft or crop, in English"))
    craft_hi = StoryTextField(label=_("The craft or crop, in Hindi"))
    community = StoryTextField(label=_("The community, in English"))
    community_hi = StoryTextField(label=_("The community, in Hindi"))
    gi_application_number = forms.RegexField(
        label=_("GI application number"),
        regex=r"^[0-9][0-9A-Za-z/-]{0,19}$",
        max_length=20,
        required=False,
        help_text=_("The number in the Geographical Indications Registry, such as 168."),
        error_messages={"invalid": _("Write the number as the GI Registry does, such as 168.")},
    )
    gi_source_name = forms.CharField(
        label=_("GI source"),
        max_length=200,
        required=False,
        help_text=_("Where the GI facts come from, such as the GI Journal number."),
    )
    gi_source_url = forms.URLField(
        label=_("GI source address"), max_length=300, required=False, assume_scheme="https"
    )


class HeroPhotoForm(forms.Form):
    photo = StoryPhotoField(label=_("Hero photo (JPEG, PNG or WebP, up to 10 MB)"))
    alt_text = forms.CharField(
        label=_("What the photo shows (for screen readers)"), max_length=200, strip=True
    )


class FeatureListingForm(forms.Form):
    listing = forms.ModelChoiceField(queryset=Listing.objects.none(), label=_("Live listing"))

    def __init__(self, *args: Any, candidates: QuerySet[Listing], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["listing"].queryset = candidates
