"""Demo sellers, listings and photos for `make run` and benchmarks: clearly fake, repeatable.

What a listing of each kind of ODOP product looks like (title words, price band, HSN code,
stock, picture) is data: fixtures/demo_catalogue.json. Products no kind fits (services, industrial
goods, raw materials) get no demo listings. Listing number i always comes out the same for a
given seed (each row draws from its own random generator), so a run that stops half-way, or a later run asking for more listings,
continues exactly where the last one ended. Work is done in batches, so memory stays flat at
100,000 listings.
"""

import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from stdnum import luhn

from accounts.models import User
from districts.models import District
from sellers.models import Seller

from . import demo_photos
from .gst_rules import RateBook
from .models import Listing, ListingImage, OdopProduct
from .search import search_vector_expression, uses_postgres_search

LISTINGS_PER_SELLER = 4
BATCH_SIZE = 500
DEMO_EMAIL_DOMAIN = "demo.odop-bazaar.invalid"
PHOTO_SIZE = demo_photos.SIZE
# The first districts of the demo order are featured on the home page, each with 3 to 5 sellers.
FEATURED_DISTRICTS = 8
# Pictures per kind of product: listings share them, so 100,000 listings draw at most this many
# per kind (a picture takes ~20 ms); each listing still gets its own image file.
PHOTOS_PER_KIND = 12
CATALOGUE_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_catalogue.json"


@dataclass(frozen=True)
class Variant:
    label: str
    low: int
    high: int
    weight_grams: int


@dataclass(frozen=True)
class Kind:
    """What a shop listing of one kind of ODOP product looks like (fixtures/demo_catalogue.json)."""

    name: str
    match: re.Pattern[str]
    exclude: re.Pattern[str] | None
    skip: bool
    hsn: str = ""
    shape: str = "box"
    noun: str = ""
    title: str = "{style} {noun}, {variant}"
    material_default: str = ""
    palette: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()
    stock: tuple[int, int] = (1, 50)
    about: tuple[str, ...] = ()

    @property
    def price_band(self) -> tuple[int, int]:
        return min(v.low for v in self.variants), max(v.high for v in self.variants)

    def material(self, product_name: str) -> str:
        """The word of the product name that picked this kind ("Sikki", "Madhubani")."""
        found = self.match.search(product_name.lower())
        word = found.group(0) if found else ""
        if not word or word.rstrip("s") in {"basket", "painting", "art", "grass"}:
            return self.material_default
        return word.title()


def _pattern(words: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{words})")


@cache
def catalogue() -> tuple[Kind, ...]:
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    kinds = []
    for row in data["kinds"]:
        kinds.append(
            Kind(
                name=row["kind"],
                match=_pattern(row["match"]),
                exclude=_pattern(row["not"]) if row.get("not") else None,
                skip=row.get("skip", False),
                hsn=row.get("hsn", ""),
                shape=row.get("shape", "box"),
                noun=row.get("noun", ""),
                title=row.get("title", Kind.title),
                material_default=row.get("material_default", ""),
                palette=tuple(row.get("palette", ())),
                styles=tuple(row.get("styles", ())),
                variants=tuple(Variant(*variant) for variant in row.get("variants", ())),
                stock=tuple(row.get("stock", (1, 50))),  # type: ignore[arg-type]
                about=tuple(row.get("about", ())),
            )
        )
    return tuple(kinds)


@lru_cache(maxsize=4096)
def kind_for(product_name: str) -> Kind | None:
    """The kind of shop product an ODOP product is, or None if it is not sold in a shop."""
    name = product_name.lower()
    for kind in catalogue():
        if kind.match.search(name) and not (kind.exclude and kind.exclude.search(name)):
            return None if kind.skip else kind
    return None


def hsn_code_for(product: OdopProduct) -> str | None:
    """The HSN code of demo listings of this ODOP product (attar 3303, not 7418), if it has any."""
    kind = kind_for(product.name)
    return kind.hsn if kind else None


FIRST_NAMES = [
    "Asha",
    "Ramesh",
    "Sunita",
    "Imran",
    "Lakshmi",
    "Gurpreet",
    "Meena",
    "Arjun",
    "Fatima",
    "Kavita",
    "Biju",
    "Nandini",
    "Tenzing",
    "Joseph",
    "Parvati",
    "Dilip",
]
LAST_NAMES = [
    "Devi",
    "Kumar",
    "Sharma",
    "Khan",
    "Reddy",
    "Kaur",
    "Das",
    "Patel",
    "Singh",
    "Nair",
    "Marak",
    "Lyngdoh",
    "Yadav",
    "Mishra",
    "Bora",
    "Iyer",
]
GROUP_WORDS = ["Shakti", "Pragati", "Ujala", "Sangam", "Sahyog", "Navjyoti", "Ekta", "Disha"]
# The first digit of a PIN code names the postal region.
PIN_REGION = {
    "IN-DL": 1,
    "IN-HR": 1,
    "IN-PB": 1,
    "IN-HP": 1,
    "IN-JK": 1,
    "IN-CH": 1,
    "IN-LA": 1,
    "IN-UP": 2,
    "IN-UK": 2,
    "IN-RJ": 3,
    "IN-GJ": 3,
    "IN-DH": 3,
    "IN-MH": 4,
    "IN-MP": 4,
    "IN-CG": 4,
    "IN-GA": 4,
    "IN-AP": 5,
    "IN-TS": 5,
    "IN-KA": 5,
    "IN-KL": 6,
    "IN-TN": 6,
    "IN-PY": 6,
    "IN-LD": 6,
    "IN-WB": 7,
    "IN-OD": 7,
    "IN-AS": 7,
    "IN-AR": 7,
    "IN-MN": 7,
    "IN-ML": 7,
    "IN-MZ": 7,
    "IN-NL": 7,
    "IN-TR": 7,
    "IN-SK": 7,
    "IN-AN": 7,
    "IN-BR": 8,
    "IN-JH": 8,
}
# Well-known ODOP districts (LGD codes) get demo sellers first, so a small demo shows them:
# Kannauj, Moradabad, West Jaintia Hills, Varanasi, Lucknow, Leh Ladakh, Madhubani,
# Kachchh, Mysuru, Kanchipuram.
SHOWCASE_DISTRICTS = (155, 171, 275, 187, 162, 9, 206, 449, 545, 574)
GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class SeedReport:
    created_listings: int
    created_sellers: int
    total_listings: int


def _demo_gstin(rng: random.Random, state_code: str, kind: str) -> str:
    """A GSTIN with a valid check character; its PAN is made up, like the rest of demo data."""
    holder = {"artisan": "P", "shg": "A", "fpo": "C", "cooperative": "A", "msme": "F"}[kind]
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    pan = "".join(rng.choice(letters) for _ in range(3)) + holder + rng.choice(letters)
    pan += f"{rng.randrange(10000):04d}" + rng.choice(letters)
    body = f"{state_code}{pan}1Z"
    return body + luhn.calc_check_digit(body, alphabet=GSTIN_ALPHABET)


def seller_email(j: int) -> str:
    return f"seller{j}@{DEMO_EMAIL_DOMAIN}"


@dataclass
class Plan:
    """Where demo seller number j sells and what: the same answer on every run with the same seed.

    Districts with something a shop can sell come in this order: those already featured, the
    showcase ones, those with a GI-tagged product, then the rest (shuffled by seed). The first
    FEATURED_DISTRICTS get 3 to 5 sellers each; after them, one seller per district in turn.
    """

    order: list[District]
    featured_slots: list[tuple[District, int]]
    products: dict[int, list[OdopProduct]]

    @classmethod
    def make(cls, seed: int) -> "Plan":
        products: dict[int, list[OdopProduct]] = {}
        for product in OdopProduct.objects.select_related("category").order_by("odop_id"):
            if kind_for(product.name) is not None:
                products.setdefault(product.district_id, []).append(product)
        districts = [
            d
            for d in District.objects.select_related("state").order_by("lgd_code")
            if d.pk in products
        ]
        gi_codes = set(
            OdopProduct.objects.filter(is_gi_tagged=True).values_list(
                "district__lgd_code", flat=True
            )
        )
        rng = random.Random(f"{seed}:districts")
        by_code = {d.lgd_code: d for d in districts}
        showcase = [by_code[code] for code in SHOWCASE_DISTRICTS if code in by_code]
        with_gi = [d for d in districts if d.lgd_code in gi_codes and d not in showcase]
        rest = [d for d in districts if d.lgd_code not in gi_codes and d not in showcase]
        rng.shuffle(with_gi)
        rng.shuffle(rest)
        order = showcase + with_gi + rest
        # Districts a curator (or an earlier run) featured come first, in the same order.
        order = [d for d in order if d.is_featured] + [d for d in order if not d.is_featured]
        slots = []
        for district in order[:FEATURED_DISTRICTS]:
            count = random.Random(f"{seed}:sellers:{district.lgd_code}").randint(3, 5)
            slots.extend((district, local) for local in range(count))
        return cls(order=order, featured_slots=slots, products=products)

    def seat(self, j: int) -> tuple[District, int]:
        """Seller j's district, and how many demo sellers of that district came before."""
        if j < len(self.featured_slots):
            return self.featured_slots[j]
        rest = self.order[FEATURED_DISTRICTS:] or self.order
        k = j - len(self.featured_slots)
        return rest[k % len(rest)], k // len(rest)

    def product(self, j: int, district: District) -> OdopProduct:
        """Sellers of one district take its products in turn: Kachchh has ajrakh, shawls, dates..."""
        _district, local = self.seat(j)
        products = self.products[district.pk]
        return products[local % len(products)]


FARM_SECTORS = frozenset({"Agriculture", "Food Processing", "Dairy", "Marine"})


def _seller_for(
    j: int, seed: int, district: District, *, featured: bool, sector: str
) -> tuple[User, Seller]:
    rng = random.Random(f"{seed}:seller:{j}")
    kind = rng.choice([k for k, _label in Seller.Kind.choices])
    if kind == Seller.Kind.FPO and sector not in FARM_SECTORS:
        kind = Seller.Kind.COOPERATIVE  # farmer producer companies sell farm goods
    person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    if kind == Seller.Kind.ARTISAN:
        name = f"{person} Crafts"
    elif kind == Seller.Kind.SHG:
        name = f"{rng.choice(GROUP_WORDS)} Mahila Self-Help Group, {district.name}"
    elif kind == Seller.Kind.FPO:
        name = f"{district.name} {rng.choice(GROUP_WORDS)} Farmer Producer Company"
    elif kind == Seller.Kind.COOPERATIVE:
        name = f"{district.name} Artisans' Cooperative Society"
    else:
        name = f"{rng.choice(GROUP_WORDS)} Enterprises"
    # Sellers of featured districts are GST-registered, so the demo buyer can order from any.
    registered = featured or rng.random() < 0.6
    user = User(email=seller_email(j), full_name=person, password=make_password(None))
    pin = f"{PIN_REGION.get(district.state.iso_code, 1)}{rng.randrange(10000, 100000)}"
    seller = Seller(
        kind=kind,
        display_name=name[:120],
        district=district,
        status=Seller.Status.VERIFIED,
        address=f"{rng.randrange(1, 400)}, Main Bazaar Road, {district.name}, {district.state.name}",
        pin_code=pin,
        gstin=_demo_gstin(rng, district.state.gst_code, kind) if registered else "",
        is_demo=True,
    )
    return user, seller


def _rounded(price: int, low: int, high: int) -> int:
    """Shop prices: ₹389, ₹1,249, ₹12,499; never outside the band."""
    if price >= 1000:
        price = price - price % 50 - 1
    elif price > 100:
        price = price - price % 10 - 1
    return min(max(price, low), high)


def _price(rng: random.Random, variant: Variant) -> tuple[Decimal, Decimal]:
    price = _rounded(rng.randint(variant.low, variant.high), variant.low, variant.high)
    markup = rng.choice([0, 0, 0, 10, 15, 20, 25, 30])
    mrp = price + (price * markup // 100)
    mrp = mrp - mrp % 10 + 9 if markup else price
    return Decimal(price), Decimal(max(mrp, price))


def _stock(rng: random.Random, low: int, high: int) -> int:
    roll = rng.random()
    if roll < 0.05:
        return 0
    if roll < 0.2:
        return rng.randint(1, min(5, high))
    return rng.randint(low, high)


def _title(kind: Kind, style: str, variant: str, material: str) -> str:
    title = kind.title.format(style=style, noun=kind.noun, variant=variant, material=material)
    return " ".join(title.split()).replace(" ,", ",")[:150]


def _description(kind: Kind, fields: dict[str, str]) -> str:
    paragraphs = [paragraph.format_map(fields) for paragraph in kind.about]
    paragraphs.append("Demo listing made by seed_demo: not a real product.")
    return "\n\n".join(paragraphs)


@lru_cache(maxsize=2048)
def _photo(kind_name: str, number: int) -> bytes:
    kind = next(k for k in catalogue() if k.name == kind_name)
    return demo_photos.product_photo(
        kind.shape, list(kind.palette), random.Random(f"{kind_name}:{number}")
    )


def _batches(start: int, stop: int) -> Iterator[range]:
    for first in range(start, stop, BATCH_SIZE):
        yield range(first, min(first + BATCH_SIZE, stop))


def seed_demo(
    *,
    listings: int,
    seed: int = 1,
    make_renditions: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> SeedReport:
    """Make sure `listings` demo listings exist, creating only the missing ones.

    New demo sellers cannot log in until catalog.demo_shop.set_passwords gives them one.
    """
    existing = Listing.objects.filter(is_demo=True).count()
    if existing >= listings:
        return SeedReport(0, 0, existing)
    plan = Plan.make(seed)
    if not plan.order:
        return SeedReport(0, 0, existing)
    created_sellers = 0
    for batch in _batches(existing, listings):
        created_sellers += _seed_batch(batch, seed, plan, make_renditions)
        if progress:
            progress(batch.stop, listings)
    _feature_demo_districts(plan.order)
    return SeedReport(listings - existing, created_sellers, listings)


def _seed_batch(batch: range, seed: int, plan: Plan, make_renditions: bool) -> int:
    seller_numbers = sorted({i // LISTINGS_PER_SELLER for i in batch})
    rate_book = RateBook.load()
    emails = {j: seller_email(j) for j in seller_numbers}
    featured = {d.pk for d, _local in plan.featured_slots}
    with transaction.atomic():
        known = {
            s.user.email: s
            for s in Seller.objects.filter(user__email__in=emails.values()).select_related(
                "user", "district__state"
            )
        }
        new_pairs = []
        for j in seller_numbers:
            if emails[j] in known:
                continue
            district, _local = plan.seat(j)
            sector = plan.product(j, district).sector
            new_pairs.append(
                _seller_for(j, seed, district, featured=district.pk in featured, sector=sector)
            )
        users = User.objects.bulk_create([user for user, _seller in new_pairs])
        for user, (_user, seller) in zip(users, new_pairs, strict=True):
            seller.user = user
        for seller in Seller.objects.bulk_create([seller for _user, seller in new_pairs]):
            known[seller.user.email] = seller

        now = timezone.now()
        rows, photos, products_of = [], [], {}
        for i in batch:
            j = i // LISTINGS_PER_SELLER
            rng = random.Random(f"{seed}:listing:{i}")
            seller = known[emails[j]]
            district = seller.district
            product = plan.product(j, district)
            kind = kind_for(product.name)
            assert kind is not None  # the plan holds only products with a kind
            products_of[seller.pk] = product
            # Each seller's listings take distinct (style, variant) pairs: no two titles alike.
            pairs = [(s, v) for s in kind.styles for v in kind.variants]
            random.Random(f"{seed}:pairs:{j}").shuffle(pairs)
            style, variant = pairs[(i % LISTINGS_PER_SELLER) % len(pairs)]
            price, mrp = _price(rng, variant)
            rate = rate_book.rate_for(kind.hsn, price)
            material = kind.material(product.name)
            title = _title(kind, style, variant.label, material)
            fields = {
                "style": style,
                "noun": kind.noun,
                "variant": variant.label,
                "material": material,
                "district": district.name,
                "state": district.state.name,
                "seller": seller.display_name,
            }
            listing = Listing(
                seller=seller,
                odop_product=product,
                district=district,
                category=product.category,
                title=title,
                slug=slugify(title)[:160] or "listing",
                description=_description(kind, fields),
                price=price,
                mrp=mrp,
                stock=_stock(rng, *kind.stock),
                status=Listing.Status.LIVE,
                is_featured=i % 17 == 0,
                hsn_code=kind.hsn,
                gst_rate=rate,
                weight_grams=variant.weight_grams,
                gi_authorised_user_number=f"DEMO-AU-{i:06d}" if product.is_gi_tagged else "",
                gi_verified_at=now if product.is_gi_tagged else None,
                is_demo=True,
            )
            listing.search_document = listing.build_search_document()
            rows.append(listing)
            photos.append((i, kind.name, rng.randrange(PHOTOS_PER_KIND)))
        missing = [row.hsn_code for row in rows if row.gst_rate is None]
        if missing:  # a demo HSN code without a rule: fix fixtures/demo_catalogue.json
            raise ValueError(f"No GST rate rule for demo HSN code(s) {sorted(set(missing))}")
        created = Listing.objects.bulk_create(rows)
        through = Seller.odop_products.through
        through.objects.bulk_create(
            [through(seller_id=pk, odopproduct_id=p.pk) for pk, p in products_of.items()],
            ignore_conflicts=True,
        )
        images = []
        for listing, (i, kind_name, number) in zip(created, photos, strict=True):
            image = ListingImage(
                listing=listing, alt_text=listing.title, width=PHOTO_SIZE[0], height=PHOTO_SIZE[1]
            )
            image.image.name = default_storage.save(
                f"listings/demo/{i // 1000:03d}/{i}-{image.token[:8]}.jpg",
                ContentFile(_photo(kind_name, number)),
            )
            images.append(image)
        images = ListingImage.objects.bulk_create(images)
        if uses_postgres_search():
            Listing.objects.filter(pk__in=[listing.pk for listing in created]).update(
                search_vector=search_vector_expression()
            )
        if make_renditions:
            from .tasks import make_listing_image_renditions

            for image in images:
                make_listing_image_renditions.delay_on_commit(image.pk)
    return len(new_pairs)


def _feature_demo_districts(order: list[District]) -> None:
    """Feature the first demo districts (3 to 5 sellers each), unless curators chose some."""
    if District.objects.filter(is_featured=True).exists():
        return
    with_listings = set(
        Listing.objects.filter(is_demo=True).values_list("district_id", flat=True).distinct()
    )
    chosen = [d.pk for d in order[:FEATURED_DISTRICTS] if d.pk in with_listings]
    District.objects.filter(pk__in=chosen).update(is_featured=True)
