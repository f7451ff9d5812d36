"""Hindi is a first-class language: a complete catalogue, intact placeholders, Hindi pages."""

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tests.factories import ListingFactory

PO_PATH = Path(settings.BASE_DIR) / "locale" / "hi" / "LC_MESSAGES" / "django.po"

# %(name)s, %(count)d, ... the bare %d of a few of Django's own messages
# (odop_bazaar/django_messages.py) and the escaped %%; {name} too, should str.format ever be used.
PLACEHOLDER_RE = re.compile(r"%\(\w+\)[sdif]|%[sdif]|%%|\{\w*\}")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    with open(PO_PATH, "rb") as po_file:
        return read_po(po_file)


def messages(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


def forms(text: str | tuple[str, ...]) -> tuple[str, ...]:
    return text if isinstance(text, tuple) else (text,)


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER_RE.findall(text))


# --- (a) the catalogue is complete -----------------------------------------------------------


def test_catalogue_is_hindi_with_two_plural_forms(catalog):
    assert str(catalog.locale) == "hi"
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"
    assert not catalog.fuzzy, "the header is marked fuzzy"
    assert len(messages(catalog)) > 100


def test_every_message_is_translated(catalog):
    untranslated = [
        message.id
        for message in messages(catalog)
        if not all(form.strip() for form in forms(message.string))
    ]
    assert untranslated == []


def test_no_message_is_fuzzy(catalog):
    assert [message.id for message in messages(catalog) if message.fuzzy] == []


def test_plural_messages_have_both_hindi_forms(catalog):
    for message in messages(catalog):
        if message.pluralizable:
            assert len(forms(message.string)) == 2, message.id


# --- (b) placeholders survive translation ----------------------------------------------------


def test_placeholders_match_the_english(catalog):
    mismatched = []
    for message in messages(catalog):
        english = forms(message.id)
        for index, hindi in enumerate(forms(message.string)):
            source = english[min(index, len(english) - 1)]
            if placeholders(hindi) != placeholders(source):
                mismatched.append((source, hindi))
    assert mismatched == []


def test_python_format_strings_have_no_stray_percent_sign(catalog):
    """A lone % in a python-format msgstr makes Django's interpolation raise at render time."""
    stray = [
        hindi
        for message in messages(catalog)
        if message.python_format
        for hindi in forms(message.string)
        if "%" in PLACEHOLDER_RE.sub("", hindi)
    ]
    assert stray == []


# --- (c) the Hindi pages ---------------------------------------------------------------------


@pytest.fixture
def compiled_hindi(settings):
    """Compile django.mo if it is missing or stale, then make Django reload its catalogues."""
    call_command("compile_translations", verbosity=0)
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)  # setting_changed empties the cache


@pytest.fixture
def listing(db):
    return ListingFactory(title="Kannauj Attar, 10 ml", stock=20)


class LanguageSwitcher(HTMLParser):
    """The hrefs inside <nav class="language-switcher">."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "nav" and "language-switcher" in (attributes.get("class") or ""):
            self.inside = True
        elif tag == "a" and self.inside:
            self.links[attributes["hreflang"] or ""] = attributes["href"] or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self.inside = False


def switcher_links(html: str) -> dict[str, str]:
    parser = LanguageSwitcher()
    parser.feed(html)
    return parser.links


def english_url(obj_or_name: object, **kwargs: object) -> str:
    with translation.override("en"):
        if isinstance(obj_or_name, str):
            return reverse(obj_or_name, kwargs=kwargs or None)
        return obj_or_name.get_absolute_url()  # type: ignore[attr-defined]


def test_home_page_is_in_hindi(client, compiled_hindi, listing):
    response = client.get("/hi/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="hi">' in html
    assert "ODOP बाज़ार" in html
    assert "खोजें" in html
    assert "भारत के हर ज़िले के ख़ास उत्पाद" in html  # the <title>
    assert "Signature products of every district of India" not in html


def test_listing_page_is_in_hindi(client, compiled_hindi, listing):
    response = client.get("/hi" + english_url(listing))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="hi">' in html
    assert "स्टॉक में है" in html
    assert "विक्रेता" in html
    assert "In stock" not in html
    assert listing.district.name_hi in html  # place names come from the database in Hindi


def test_not_found_page_is_in_hindi(client, compiled_hindi, db):
    response = client.get("/hi/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="hi">' in html
    assert "हमें यह पेज नहीं मिला" in html


def test_english_pages_stay_english(client, compiled_hindi, listing):
    html = client.get(english_url(listing)).content.decode()

    assert '<html lang="en">' in html
    assert "In stock" in html
    assert "स्टॉक में है" not in html


@pytest.mark.parametrize(
    "path",
    [
        "home",
        "state",
        "district",
        "listing",
        "search",
    ],
)
def test_language_switcher_links_to_the_same_page_in_the_other_language(
    client, compiled_hindi, listing, path
):
    english = {
        "home": english_url("districts:home"),
        "state": english_url(listing.district.state),
        "district": english_url(listing.district),
        "listing": english_url(listing),
        "search": english_url("catalog:search") + "?q=attar",
    }[path]
    hindi = "/hi" + english

    assert switcher_links(client.get(english).content.decode()) == {"hi": hindi}
    assert switcher_links(client.get(hindi).content.decode()) == {"en": english}


# --- (d) Django's own messages that our pages show -------------------------------------------


def django_msgids() -> set[str]:
    """Every msgid of Django's own catalogues (core and auth), from the English .po files."""
    import django

    root = Path(django.__file__).parent
    ids: set[str] = set()
    for po in (root / "conf", root / "contrib" / "auth"):
        with open(po / "locale" / "en" / "LC_MESSAGES" / "django.po", "rb") as po_file:
            for message in read_po(po_file):
                ids.update(forms(message.id))
    return ids


def test_our_copies_of_djangos_messages_are_still_djangos(catalog):
    """odop_bazaar/django_messages.py copies Django's msgids so that our catalogue translates
    them; one that Django renamed would silently show English again."""
    ours = [
        message.id
        for message in messages(catalog)
        if any(path == "odop_bazaar/django_messages.py" for path, _line in message.locations)
    ]

    assert len(ours) > 40
    assert set().union(*(forms(msgid) for msgid in ours)) <= django_msgids()


def test_password_rules_are_hindi(compiled_hindi):
    from django.contrib.auth.password_validation import password_validators_help_texts

    with translation.override("hi"):
        rules = password_validators_help_texts()

    assert rules == [
        "आपका पासवर्ड आपकी दूसरी निजी जानकारी से बहुत मिलता-जुलता नहीं हो सकता।",
        "आपके पासवर्ड में कम से कम 8 अक्षर होने चाहिए।",
        "आपका पासवर्ड आम तौर पर इस्तेमाल होने वाला पासवर्ड नहीं हो सकता।",
        "आपका पासवर्ड केवल अंकों का नहीं हो सकता।",
    ]
