"""|text_lang and |own_lang: what users write is marked with its own language on our pages."""

import pytest
from django.template import Context, Template
from django.utils import translation


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Rose Attar, 10 ml", "en"),
        ("गुलाब इत्र, 10 ml", "hi"),  # mostly Devanagari
        ("Kannauj का इत्र", "hi"),
        ("12345", "hi"),  # no letters: the page's language
    ],
)
def test_text_lang_names_the_language_of_the_text(text, language):
    with translation.override("hi"):
        assert render("{{ text|text_lang }}", text=text) == language


def test_own_lang_marks_only_text_in_another_language_than_the_page():
    with translation.override("hi"):
        assert render("{{ t|own_lang }}", t="Rose <Attar>") == (
            '<span lang="en">Rose &lt;Attar&gt;</span>'
        )
        assert render("{{ t|own_lang }}", t="गुलाब इत्र") == "गुलाब इत्र"
    with translation.override("en"):
        assert render("{{ t|own_lang }}", t="गुलाब इत्र") == '<span lang="hi">गुलाब इत्र</span>'
        assert render("{{ t|own_lang }}", t="Rose Attar") == "Rose Attar"


def test_own_lang_leaves_plain_text_alone_when_told_to():
    """A partial shared by the text and HTML versions of an e-mail marks only in HTML."""
    source = "{% autoescape off %}{{ t|own_lang:html }}{% endautoescape %}"
    with translation.override("hi"):
        assert render(source, t="A & B", html=False) == "A & B"
        assert render(source, t="A & B", html=True) == '<span lang="en">A &amp; B</span>'
