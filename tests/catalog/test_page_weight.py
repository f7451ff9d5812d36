"""Light on a slow network (issue 11, part 5): every storefront page, with a full page of cards,
costs under 60 KB gzipped before images (its HTML plus the CSS and JS it loads), runs no
script that blocks the parser, and gives every photo srcset, sizes and its dimensions.

The data is real where size depends on it: the reference data (773 districts on the home
page's map, 1,241 ODOP products), a district with 26 listings of two photos each with their
renditions, so a page of 24 cards. bench/slow_network.py measures the paint times in Chromium.
"""

import base64
import gzip
import hashlib
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse

from catalog.models import ListingImage, OdopProduct
from catalog.services.photos import build_renditions
from districts.models import District
from tests.factories import DistrictFactory, ListingFactory, OdopProductFactory, SellerFactory
from tests.orders.factories import AddressFactory

BUDGET = 60 * 1024  # bytes, gzipped: HTML + CSS + JS, images apart
KANNAUJ = 155  # LGD code: Kannauj Perfume, GI-tagged


@dataclass
class Page:
    """What a browser would fetch for a page, images apart, and its photos."""

    stylesheets: list[str] = field(default_factory=list)
    scripts: list[dict[str, str | None]] = field(default_factory=list)
    photos: list[dict[str, str | None]] = field(default_factory=list)  # <img> of a photo
    sources: list[dict[str, str | None]] = field(default_factory=list)  # <picture><source>


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = Page()
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "link" and a.get("rel") == "stylesheet":
            self.page.stylesheets.append(a["href"] or "")
        elif tag == "script":
            self.page.scripts.append({**a, "in_head": "yes" if self.in_head else None})
        elif tag == "img" and (a.get("src") or "").startswith(settings.MEDIA_URL):
            self.page.photos.append(a)
        elif tag == "source" and (a.get("srcset") or "").startswith(settings.MEDIA_URL):
            self.page.sources.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def parse(html: str) -> Page:
    parser = PageParser()
    parser.feed(html)
    return parser.page


def static_bytes(url: str) -> bytes:
    """A stylesheet's or script's file, as collectstatic would serve it; only our own."""
    path = urlsplit(url).path
    assert path.startswith(settings.STATIC_URL), f"{url} is not one of our static files"
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, f"{url} is not found"
    with open(found, "rb") as handle:
        return handle.read()


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))  # GZipMiddleware's level; whitenoise's is 9


def weight(html: bytes, page: Page) -> int:
    files = page.stylesheets + [s["src"] for s in page.scripts if s.get("src")]
    return gz(html) + sum(gz(static_bytes(url)) for url in files)


def make_shop(client, buyer, district: District) -> dict:
    """26 live listings of 2 photos with renditions in the district (a page of 24 cards and a
    second page), and a buyer with 3 lines in the cart and an address."""
    product = OdopProduct.objects.filter(district=district).first() or OdopProductFactory(
        district=district, is_gi_tagged=True
    )
    sellers = SellerFactory.create_batch(3, district=district)
    listings = [
        ListingFactory(
            seller=sellers[n % 3],
            odop_product=product,
            title=f"Kannauj attar {n}, rose and vetiver, 10 ml in a glass bottle",
            description="Distilled in copper degs over a wood fire, the old way. " * 6,
            photos=2,
        )
        for n in range(26)
    ]
    for image in ListingImage.objects.filter(listing__in=listings):
        build_renditions(image_id=image.pk)
    AddressFactory(user=buyer, state=district.state)
    client.force_login(buyer)
    for listing in listings[:3]:
        client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 1})
    client.logout()
    return {"district": district, "product": product, "listing": listings[0], "buyer": buyer}


@pytest.fixture
def shop(db, client, buyer):
    return make_shop(client, buyer, DistrictFactory(is_featured=True, story="A story. " * 40))


def storefront_pages(shop) -> dict[str, tuple[str, bool]]:
    """page kind: (URL, signed in as the buyer)."""
    district, product = shop["district"], shop["product"]
    return {
        "home": ("/", False),
        "home-hi": ("/hi/", False),
        "state": (district.state.get_absolute_url(), False),
        "district": (district.get_absolute_url(), False),
        "odop-product": (product.get_absolute_url(), False),
        "category": (product.category.get_absolute_url(), False),
        "listing": (shop["listing"].get_absolute_url(), False),
        "search": ("/search/?q=attar", False),
        "login": (reverse("accounts:login"), False),
        "cart": (reverse("orders:cart"), True),
        "checkout": (reverse("orders:checkout"), True),
    }


def test_every_storefront_page_is_under_60_kb_gzipped_before_images(client, buyer):
    # The real reference data: the home page's map has 734 districts and its list all 773.
    call_command("load_reference_data", stdout=io.StringIO())
    shop = make_shop(client, buyer, District.objects.get(lgd_code=KANNAUJ))
    weights, cards = {}, {}
    for kind, (url, signed_in) in storefront_pages(shop).items():
        if signed_in:
            client.force_login(shop["buyer"])
        response = client.get(url)
        assert response.status_code == 200, kind
        page = parse(response.content.decode())
        weights[kind] = weight(response.content, page)
        cards[kind] = response.content.count(b'class="card"')
        client.logout()

    # The data really fills the pages: a full page of 24 cards where there is a grid.
    assert cards["district"] == cards["search"] == 24, cards
    assert cards["odop-product"] == cards["category"] == 24, cards
    too_heavy = {kind: f"{size / 1024:.1f} KB" for kind, size in weights.items() if size > BUDGET}
    assert too_heavy == {}, weights


def test_checkout_review_is_under_60_kb_gzipped(client, shop):
    client.force_login(shop["buyer"])
    address = shop["buyer"].addresses.get()
    response = client.post(
        reverse("orders:checkout"), {"address": address.pk, "payment_method": "cod", "review": "1"}
    )
    assert response.status_code == 200
    assert b"Review your order" in response.content
    assert weight(response.content, parse(response.content.decode())) < BUDGET


def test_no_storefront_page_runs_a_parser_blocking_script(client, shop):
    for kind, (url, signed_in) in storefront_pages(shop).items():
        if signed_in:
            client.force_login(shop["buyer"])
        page = parse(client.get(url).content.decode())
        client.logout()
        for script in page.scripts:
            # An external script waits for nothing only with defer, async or as a module; an
            # inline one (no src) in <head> would stop the parser too.
            assert script.get("src"), (kind, script)
            assert "defer" in script or "async" in script or script.get("type") == "module", (
                kind,
                script,
            )


def test_cart_loads_htmx_deferred(client, shop):
    client.force_login(shop["buyer"])
    page = parse(client.get(reverse("orders:cart")).content.decode())

    htmx = [s for s in page.scripts if "htmx" in (s.get("src") or "")]
    assert len(htmx) == 1
    assert "defer" in htmx[0]


def test_every_photo_has_srcset_sizes_and_its_dimensions(client, shop):
    for kind, (url, signed_in) in storefront_pages(shop).items():
        if signed_in:
            client.force_login(shop["buyer"])
        page = parse(client.get(url).content.decode())
        client.logout()
        for img in page.photos:
            assert img.get("srcset"), (kind, img)
            assert img.get("sizes"), (kind, img)
            assert int(img["width"] or 0) > 0, (kind, img)  # room kept: no layout shift
            assert int(img["height"] or 0) > 0, (kind, img)
            assert img.get("loading") in ("lazy", "eager"), (kind, img)
        for source in page.sources:
            assert source.get("type") == "image/webp", (kind, source)
            assert source.get("sizes"), (kind, source)
            assert " 320w" in (source.get("srcset") or ""), (kind, source)


def test_card_photos_load_lazily_from_the_320_px_rendition(client, shop):
    page = parse(client.get(shop["district"].get_absolute_url()).content.decode())

    assert len(page.photos) == 24
    assert all(img["loading"] == "lazy" for img in page.photos)
    assert all(img["src"].endswith("-320.jpg") for img in page.photos)
    assert all(img["srcset"].endswith(" 320w") for img in page.photos)  # 40 px originals


def test_listing_page_fetches_its_first_photo_first_and_the_others_lazily(client, shop):
    page = parse(client.get(shop["listing"].get_absolute_url()).content.decode())

    first, *others = page.photos
    assert first["loading"] == "eager"
    assert first["fetchpriority"] == "high"
    assert others
    assert all(img["loading"] == "lazy" and "fetchpriority" not in img for img in others)


def test_a_photo_without_renditions_yet_still_has_srcset_and_sizes(client, db):
    listing = ListingFactory(photos=1)  # renditions not made yet: the original is shown

    page = parse(client.get(listing.get_absolute_url()).content.decode())

    (img,) = page.photos
    image = listing.images.get()
    assert img["src"] == image.image.url
    assert img["srcset"] == f"{image.image.url} {image.width}w"
    assert img["sizes"]


def test_pages_are_sent_gzipped_to_browsers_that_accept_it(client, shop):
    response = client.get(shop["district"].get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip, br")

    assert response["Content-Encoding"] == "gzip"
    assert b'class="card"' in gzip.decompress(response.content)
    assert len(response.content) < 10 * 1024  # 24 cards


def test_stylesheets_are_inlined_and_allowed_by_their_hash_alone(client, shop):
    response = client.get("/")
    html = response.content.decode()
    styles = re.findall(r'<style data-href="([^"]+)">(.*?)</style>', html, re.S)
    policy = response["Content-Security-Policy"]
    style_src = re.search(r"style-src ([^;]+)", policy).group(1).split()

    assert [href for href, _css in styles] == ["/static/css/site.css", "/static/districts/map.css"]
    assert parse(html).stylesheets == []  # nothing to fetch before the first paint
    for _href, css in styles:
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in style_src
    assert "'unsafe-inline'" not in style_src


def test_with_debug_on_the_stylesheet_is_linked_so_edits_show_at_once(client, shop, settings):
    settings.DEBUG = True

    page = parse(client.get(shop["listing"].get_absolute_url()).content.decode())

    assert page.stylesheets == ["/static/css/site.css"]
