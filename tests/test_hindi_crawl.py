"""Every buyer and seller page under /hi/ is Hindi: a crawl as an anonymous visitor, a buyer
with a cart, orders, an invoice and a credit note, and sellers (verified, and one still
onboarding) fails on any English word outside a short allow-list. So do the e-mails they get.

Text the users wrote (listing titles, seller names, addresses, typed values) is theirs:
templates mark it with its own language (`lang="en"` when it is not Devanagari, through the
`text_lang` filter) and the crawl skips it, as a screen reader switches voice there.
"""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from accounts.models import Address, User
from accounts.signup import sign_up
from catalog.models import Category, Listing, ListingStatusChange
from curation.services.listings import reject_listing
from curation.services.sellers import verify_seller
from districts.models import State
from districts.reference_data import LoadReport, _load_categories, _load_states
from grievances.services import file_grievance
from orders import services as order_services
from orders.carts import DbCart
from orders.models import CreditNote, ReturnRequest, Shipment
from orders.services import returns
from outbox.models import Email
from outbox.services import RENDERERS
from sellers.models import Seller
from tests.factories import (
    DistrictFactory,
    ListingFactory,
    OdopProductFactory,
    SellerFactory,
    UserFactory,
)
from tests.orders.factories import AddressFactory, place
from tests.orders.test_returns import UPI, deliver, full_flow

pytestmark = pytest.mark.django_db

# Latin words that may stay on a Hindi page. Keep it short: everything else is translated.
ALLOWED = {
    # the initiative's own acronym, also in the brand "ODOP बाज़ार"
    "ODOP",
    # tax, payment and postal terms written this way in Hindi documents too
    "GST", "GSTIN", "CGST", "SGST", "IGST", "UTGST", "HSN", "SAC", "PAN", "UPI", "IFSC", "GI",
    "PIN", "PDF", "OTP",
    # units and file formats
    "kg", "g", "ml", "cm", "mm", "MB", "KB", "JPEG", "PNG", "WebP",
    # a language picker names each language in itself
    "English",
}  # fmt: skip

# What is not a word of the page's language: e-mail addresses, URLs, codes with digits.
NOT_WORDS = re.compile(
    r"[\w.+-]+@[\w.-]+"  # e-mail addresses, UPI ids
    r"|\b(?:https?://|www\.)\S+"  # URLs
    r"|[\w/-]*\d[\w/-]*"  # codes with a digit: OB0000042, INV/2627/000042, UDYAM-UP-00-0000000
)
LATIN_WORD = re.compile(r"[A-Za-z]+")

SKIPPED_TAGS = {"script", "style", "template", "noscript"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
             "track", "wbr"}  # fmt: skip
READ_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label", "aria-description")


class VisibleText(HTMLParser):
    """The text a person reads or hears, without what is skipped (see the module's docstring),
    and the links of the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # per open element: "" read, "lang" in another language, "typed" by a user, "skip"
        self.stack: list[str] = []
        self.chunks: list[str] = []  # text content
        self.labels: list[str] = []  # attributes read out, and the <title>
        self.foreign: set[str] = set()  # text the page marks as another language
        self.links: list[str] = []
        self.in_title = False

    @property
    def state(self) -> str:
        for state in ("skip", "lang", "typed"):
            if state in self.stack:
                return state
        return ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        state = self.state
        if tag in SKIPPED_TAGS:
            state = "skip"
        elif tag == "textarea":
            state = state or "typed"
        elif (attributes.get("lang") or "hi").split("-")[0] != "hi" or (
            attributes.get("translate") == "no"
        ):
            state = state or "lang"
        if tag == "input" and (attributes.get("type") or "text") not in {"submit", "button"}:
            self.foreign.add(attributes.get("value") or "")  # typed (or to be typed) by a user
        if not state:
            self.labels.extend(
                attributes[name] or "" for name in READ_ATTRIBUTES if name in attributes
            )
            kind = (attributes.get("type") or "").lower()
            if tag == "input" and kind in {"submit", "button", "reset"}:
                self.labels.append(attributes.get("value") or "")
        self.in_title = tag == "title"
        if tag not in VOID_TAGS:
            self.stack.append(state)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        self.in_title = False
        if tag not in VOID_TAGS and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        state = self.state
        if not state:
            (self.labels if self.in_title else self.chunks).append(data)
        elif state in ("lang", "typed"):
            self.foreign.add(data.strip())

    def text(self) -> str:
        """The text that must be Hindi. A <title> or a label cannot mark a part of itself as
        another language: in those, the words the page shows marked as another language
        (`<title>Rose Attar · ODOP बाज़ार</title>` under `<h1><span lang="en">Rose Attar`)
        are the writer's."""
        foreign_words = set(LATIN_WORD.findall(" ".join(self.foreign)))
        kept = [
            LATIN_WORD.sub(lambda m: " " if m.group(0) in foreign_words else m.group(0), label)
            for label in self.labels
        ]
        return "\n".join(self.chunks + kept)


def english_words(text: str) -> set[str]:
    return set(LATIN_WORD.findall(NOT_WORDS.sub(" ", text))) - ALLOWED


def read(html: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser


# --- the world the crawl walks through -----------------------------------------------------


@pytest.fixture
def compiled_hindi(settings):
    """django.mo up to date, and Django's catalogues reloaded."""
    call_command("compile_translations", verbosity=0)
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)


@pytest.fixture
def world(settings, compiled_hindi):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PAYMENT_GATEWAY = "orders.services.payments.FakeGateway"
    settings.FAKE_PAYMENTS_ALLOWED = True
    report = LoadReport()
    _load_states(report)
    _load_categories(report)
    up = State.objects.get(name="Uttar Pradesh")
    kannauj = DistrictFactory(state=up, name="Kannauj", name_hi="कन्नौज", slug="kannauj")
    attar = OdopProductFactory(
        district=kannauj,
        name="Attar (Perfume)",
        name_hi="इत्र",
        category=Category.objects.get(slug="handicrafts"),
        is_gi_tagged=True,
    )
    seller = SellerFactory(
        district=kannauj,
        display_name="Kannauj Attar House",
        gstin="09AAPFU0939F1ZV",
        user=UserFactory(preferred_language="hi", full_name="Sita Seller"),
    )
    listings = [
        ListingFactory(seller=seller, odop_product=attar, title="Rose Attar, 10 ml", photos=1),
        ListingFactory(seller=seller, odop_product=attar, title="गुलाब इत्र, 10 ml", stock=2),
        ListingFactory(seller=seller, odop_product=attar, title="Old Attar", draft=True),
    ]
    buyer = UserFactory(preferred_language="hi", full_name="Bina Buyer")
    address = AddressFactory(user=buyer, state=up)
    # Delivered, returned in part: an invoice and a credit note.
    order = place(buyer=buyer, items=[(listings[0], 2)], address=address)
    shipment = deliver(order.shipments.get(), seller.user)
    line = shipment.lines.get()
    return_request = returns.request_return(
        line=line, buyer=buyer, quantity=1, reason="damaged", refund_to=UPI
    )
    full_flow(return_request, seller.user)
    # A second order waiting for the seller, and a cart.
    place(buyer=buyer, items=[(listings[1], 1)], address=address)
    order_services.add_to_cart(cart=DbCart(buyer), listing_id=listings[0].pk, quantity=1)
    # The other e-mails: a sign-up, a grievance, a curator's decisions on a seller and a listing.
    sign_up(
        email="new@example.test",
        password="a long enough passphrase",
        full_name="Naya Buyer",
        language="hi",
        next_url="",
    )
    file_grievance(
        filed_by=buyer,
        role="buyer",
        subject="delivery",
        description="The parcel came late.",
        order=order,
    )
    curator = UserFactory(is_staff=True, full_name="Chitra Curator")
    verify_seller(
        seller=SellerFactory(
            unverified=True,
            district=kannauj,
            user=UserFactory(preferred_language="hi", full_name="Vera Verified"),
        ),
        by=curator,
    )
    submitted = ListingFactory(seller=seller, odop_product=attar, title="Attar Gift Set")
    submitted.status = "submitted"
    submitted.save(update_fields=["status"])
    reject_listing(listing=submitted, by=curator, reason="The photo is blurred.")
    newcomer = UserFactory(preferred_language="hi", full_name="Nisha Newcomer")
    onboarding = SellerFactory(
        district=kannauj,
        status="draft",
        user=UserFactory(preferred_language="hi", full_name="Dev Draft"),
    )
    return {
        "buyer": buyer,
        "invoice": shipment.invoice,
        "seller": seller,
        "newcomer": newcomer,
        "onboarding": onboarding,
        "order": order,
        "credit_note": CreditNote.objects.get(return_request=return_request),
        "listings": listings,
    }


# --- the crawl --------------------------------------------------------------------------------

# Never followed: they act (log out, delete) or are not buyer and seller pages.
NOT_FOLLOWED = re.compile(r"^/hi/(accounts/logout/|curate/|admin/)|/(delete|remove|withdraw)/")
MAX_PAGES = 150


def crawl(client: Client, start: list[str]) -> dict[str, set[str]]:
    """{url: English words} for every /hi/ page reachable from `start` (GET only)."""
    found: dict[str, set[str]] = {}
    queue = deque(start)
    seen = set(start)
    while queue and len(found) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302):
            target = response["Location"]
            if target.startswith("/hi/") and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if response.get("Content-Type", "").split(";")[0] != "text/html":
            continue
        assert response.status_code in (200, 404), (url, response.status_code)
        page = read(response.content.decode())
        found[url] = english_words(page.text())
        for href in page.links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/hi/") or NOT_FOLLOWED.search(parts.path):
                continue
            if href not in seen:
                seen.add(href)
                queue.append(href)
    return found


def report(found: dict[str, set[str]]) -> dict[str, list[str]]:
    return {url: sorted(words) for url, words in found.items() if words}


def test_anonymous_pages_are_hindi(client, world):
    found = crawl(client, ["/hi/", "/hi/search/?q=attar", "/hi/accounts/signup/", "/hi/sell/"])

    assert len(found) > 10
    assert report(found) == {}


def test_buyer_pages_are_hindi(client, world):
    client.force_login(world["buyer"])
    order = world["order"]
    found = crawl(
        client,
        [
            "/hi/cart/",
            "/hi/checkout/",
            "/hi/orders/",
            "/hi" + order.get_absolute_url(),
            f"/hi/invoices/{order.shipments.get().invoice.pk}/",
            f"/hi/credit-notes/{world['credit_note'].pk}/",
            "/hi/addresses/",
            "/hi/grievances/",
            "/hi/grievances/new/",
        ],
    )

    assert report(found) == {}


def test_seller_pages_are_hindi(client, world):
    client.force_login(world["seller"].user)
    found = crawl(
        client,
        [
            "/hi/seller/",
            "/hi/seller/orders/",
            "/hi/seller/returns/",
            "/hi/seller/listings/new/",
            "/hi/seller/profile/",
            "/hi/seller/story/",
        ],
    )

    assert report(found) == {}


def test_onboarding_pages_are_hindi(client, world):
    client.force_login(world["onboarding"].user)
    steps = ["about", "address", "tax", "bank"]
    found = crawl(client, ["/hi/sell/onboarding/"] + [f"/hi/sell/onboarding/{s}/" for s in steps])
    client.force_login(world["newcomer"])
    found |= crawl(client, ["/hi/sell/", "/hi/sell/onboarding/about/"])

    assert report(found) == {}


def typed_by_users() -> set[str]:
    """What the users of the world wrote: a plain-text e-mail cannot mark its language."""
    typed: set[str] = set()
    for model, fields in [
        (Listing, ["title"]),
        (Seller, ["display_name", "address"]),
        (User, ["full_name"]),
        (Address, ["full_name", "line1", "line2", "city"]),
        (Shipment, ["courier", "cancel_reason"]),
        (ReturnRequest, ["pickup_courier", "details", "decision_reason"]),
    ]:
        for row in model.objects.values_list(*fields):
            typed.update(value for value in row if value)
    typed.update(name.split()[0] for name in User.objects.values_list("full_name", flat=True))
    typed.update(ListingStatusChange.objects.exclude(reason="").values_list("reason", flat=True))
    return typed


def test_emails_are_hindi(world):
    """Every e-mail the world sent, to people who chose Hindi: subject, text and HTML."""
    typed = sorted(typed_by_users(), key=len, reverse=True)
    hindi_readers = set(
        User.objects.filter(preferred_language="hi").values_list("email", flat=True)
    )
    found = {}
    for email in Email.objects.all():
        message = RENDERERS[email.kind].render(email.object_id, email.params)
        if message is None or not hindi_readers.issuperset(message.to):
            continue  # the grievance officer's copy is in the site's language
        plain = message.subject + "\n" + message.body
        for text in typed:
            plain = plain.replace(text, " ")
        html = "".join(content for content, _mime in getattr(message, "alternatives", []))
        found[f"{email.kind} {email.key}"] = english_words(plain) | english_words(read(html).text())

    assert {kind.split()[0] for kind in found} >= {
        "orders.notification", "accounts.activate", "grievances.notification",
        "sellers.status_change", "catalog.listing_decision",
    }  # fmt: skip
    assert report(found) == {}


# --- pages that need a state the crawl does not reach: forms with errors, tax documents ----


def posted(client: Client, url: str, data: dict) -> str:
    response = client.post(url, data)
    assert response.status_code == 200, (url, response.status_code)  # the form, with errors
    return response.content.decode()


def test_forms_with_errors_are_hindi(client, world):
    """Django's own messages (required, too long, password rules) and ours, on /hi/ forms."""
    signup = "/hi/accounts/signup/"
    pages = {
        "signup": posted(client, signup, {"email": "x@", "password1": "1234", "password2": "1234"}),
        "signup, mismatched": posted(
            client, signup, {"email": "z@example.test", "password1": "abc", "password2": "abd"}
        ),
        "signup, a common password": posted(
            client,
            signup,
            {"email": "y@example.test", "password1": "password", "password2": "password"},
        ),
        "login": posted(
            client, "/hi/accounts/login/", {"username": "n@example.test", "password": "x"}
        ),
    }
    client.force_login(world["buyer"])
    pages["address"] = posted(client, "/hi/addresses/", {"pin_code": "12", "mobile": "1"})
    pages["grievance"] = posted(
        client, "/hi/grievances/new/", {"role": "buyer", "description": "x" * 5000}
    )
    client.force_login(world["seller"].user)
    pages["listing"] = posted(
        client, "/hi/seller/listings/new/", {"price": "-1", "title": "x" * 200, "hsn_code": "1"}
    )
    client.force_login(world["onboarding"].user)
    for step in ("address", "tax", "bank"):
        pages[step] = posted(client, f"/hi/sell/onboarding/{step}/", {"pin_code": "0"})

    assert report({name: english_words(read(html).text()) for name, html in pages.items()}) == {}
    for message in [
        "यह जानकारी ज़रूरी है।",  # This field is required.
        "सही ईमेल पता लिखें।",  # Enter a valid email address.
        "यह पासवर्ड बहुत छोटा है।",  # This password is too short...
        "आपका पासवर्ड केवल अंकों का नहीं हो सकता।",  # the rule under the field
    ]:
        assert message in pages["signup"], message
    assert "दोनों पासवर्ड एक जैसे नहीं हैं।" in pages["signup, mismatched"]
    assert "यह पासवर्ड बहुत आम है।" in pages["signup, a common password"]
    assert "अधिकतम 150 अक्षर हो सकते हैं" in pages["listing"]  # at most 150 characters


def test_invoice_and_credit_note_documents_are_hindi(world):
    """The HTML the PDFs are made from, as a Hindi reader downloads them."""
    invoice, note = world["invoice"], world["credit_note"]
    with translation.override("hi"):
        documents = {
            "invoice": render_to_string(
                "orders/invoice_pdf.html", {"invoice": invoice, "shipment": invoice.shipment}
            ),
            "credit note": render_to_string("orders/credit_note_pdf.html", {"note": note}),
        }
    found = {name: english_words(read(html).text()) for name, html in documents.items()}

    assert "उत्तर प्रदेश" in documents["invoice"]  # place of supply, in Hindi
    assert report(found) == {}
    # The Hindi title once: the one beside the English title is for English readers only.
    assert "कर बीजक" not in documents["invoice"]
    assert "<h1>क्रेडिट नोट</h1>" in documents["credit note"]
    english = render_to_string(
        "orders/invoice_pdf.html", {"invoice": invoice, "shipment": invoice.shipment}
    )
    assert "कर बीजक" in english or "आपूर्ति का बिल" in english


def test_the_crawl_catches_english_added_to_a_template(client, world, settings, tmp_path):
    """A template edited with an untranslated sentence fails the crawl, naming its words."""
    card = tmp_path / "catalog" / "_listing_card.html"
    card.parent.mkdir()
    original = settings.BASE_DIR / "catalog" / "templates" / "catalog" / "_listing_card.html"
    card.write_text(original.read_text() + "<p>Free shipping</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    found = crawl(client, ["/hi/"])

    assert report(found)["/hi/"] == ["Free", "shipping"]


def test_what_the_crawl_reads():
    page = read(
        '<html lang="hi"><head><title>Rose Attar · ODOP बाज़ार</title><style>p{}</style></head>'
        '<body><h1><span lang="en">Rose Attar</span></h1><p>कार्ट में जोड़ें</p>'
        '<input type="search" value="pashmina" placeholder="खोजें"><textarea>Made by hand</textarea>'
        '<button aria-label="Remove Rose Attar">हटाएँ</button><p hidden>Shown by a script</p>'
        "<p>Your cart is empty. ईमेल bina@example.test, INV/2627/000042, 5 kg, GSTIN</p></body>"
        "</html>"
    )

    assert english_words(page.text()) == {
        "Your", "cart", "is", "empty", "Remove", "Shown", "by", "a", "script"
    }  # fmt: skip
