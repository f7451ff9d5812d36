"""The language of text that users write (listing titles, names, addresses, stories, typed
queries): a page in Hindi may show an English title, and says so with `lang`, so that screen
readers switch voice and the Hindi crawl (tests/test_hindi_crawl.py) knows it is the writer's.

    <h1 lang="{{ listing.title|text_lang }}">{{ listing.title }}</h1>
    {% blocktranslate with seller=seller.display_name|own_lang %}Sold by {{ seller }}{% endblocktranslate %}
"""

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


WORD = re.compile(r"[\w\u0900-\u097F]+")  # \w alone splits words at matras and viramas


def language_of(text: object) -> str | None:
    """`hi` when most words are in Devanagari, `en` when most are Latin, None without words."""
    devanagari = latin = 0
    for word in WORD.findall(str(text)):
        if any("\u0900" <= char <= "\u097f" for char in word):
            devanagari += 1
        elif any(char.isascii() and char.isalpha() for char in word):
            latin += 1
    if not devanagari and not latin:
        return None
    return "hi" if devanagari >= latin else "en"


def page_language() -> str:
    return (get_language() or "en").split("-")[0]


@register.filter
def text_lang(text: object) -> str:
    """The language of `text` for a lang attribute ("hi" or "en"; the page's without letters)."""
    return language_of(text) or page_language()


@register.filter
def own_lang(text: object, mark: object = True) -> SafeString | object:
    """`text`, escaped, in a <span lang> when its language is not the page's. `mark` false
    (`|own_lang:html` in a partial shared by a plain-text and an HTML e-mail, without `html`)
    leaves the text as it is."""
    if not mark:
        return text
    language = language_of(text)
    if language is None or language == page_language():
        return format_html("{}", text)
    return format_html('<span lang="{}">{}</span>', language, text)
