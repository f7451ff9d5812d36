"""Demo sellers, listings and photos for `make run` and benchmarks: clearly fake, repeatable.

Listing number i always comes out the same for a given seed (each row draws from its own
random generator), so a run that stops half-way, or a later run asking for more listings,
continues exactly where the last one ended. Work is done in batches, so memory stays flat at
100,000 listings.
"""

import io
import random
import re
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont
from stdnum import luhn

from accounts.models import User
from districts.models import District
from sellers.models import Seller

from .gst_rules import RateBook
from .models import Listing, ListingImage, OdopProduct
from .search import search_vector_expression, uses_postgres_search

LISTINGS_PER_SELLER = 4
BATCH_SIZE = 500
DEMO_EMAIL_DOMAIN = "demo.odop-bazaar.invalid"
PHOTO_SIZE = (480, 360)

# Per sector: price range in rupees, the HSN code of a product no keyword below matches, and
# words that tell listings of one product apart. The GST rate follows the HSN code and the
# price (catalog.gst_rules), as it does for real sellers.
SECTOR_PROFILES = {
    "Agriculture": (
        (120, 900),
        "0910",
        ["500 g pack", "1 kg pack", "250 g jar", "farm fresh, 2 kg", "organic, 1 kg"],
    ),
    "Food Processing": (
        (90, 900),
        "2106",
        ["gift box", "family pack", "200 g", "500 g", "assorted"],
    ),
    "Dairy": ((150, 1200), "0405", ["500 ml", "1 litre", "tin, 1 kg", "glass jar"]),
    "Marine": ((250, 1800), "0305", ["dried, 500 g", "vacuum-packed, 1 kg", "300 g pack"]),
    "Handicraft": (
        (350, 8500),
        "4420",
        ["hand-made, small", "hand-made, large", "gift set", "pair", "wall piece"],
    ),
    "Handloom": (
        (900, 25000),
        "5208",
        ["hand-woven", "with blouse piece", "festive", "cotton blend", "pure silk"],
    ),
    "Textile": ((450, 6000), "5208", ["free size", "set of two", "embroidered", "block-printed"]),
    "Manufacturing": ((300, 12000), "7418", ["small", "large", "set of three", "gift edition"]),
    "Others": ((200, 3000), "4602", ["small", "large", "gift set"]),
}
# The HSN code of an ODOP product from words in its name; the first match wins, so the more
# specific words come first (a "Bamboo Art" is basketwork, not a painting).
HSN_BY_KEYWORD = [
    (r"\b(attar|ittar|itra|perfumes?|agarwood)\b", "3303"),
    (r"\b(honey)\b", "0409"),
    (r"\b(tea)\b", "0902"),
    (r"\b(coffee)\b", "0901"),
    (r"\b(rice)\b", "1006"),
    (r"\b(chillies|chilli|chili|pepper)\b", "0904"),
    (r"\b(cardamom|nutmeg)\b", "0908"),
    (r"\b(turmeric|ginger|saffron|spices?|masala)\b", "0910"),
    (r"\b(mangoe?s?|mango|guava)\b", "0804"),
    (r"\b(namkeen|bhujia)\b", "2106"),
    (r"\b(ghee|butter)\b", "0405"),
    (r"\b(footwear|shoes?|chappals?|jutti|mojari)\b", "6403"),
    (r"\b(leather)\b", "4202"),
    (r"\b(toys?|dolls?|puppets?)\b", "9503"),
    (r"\b(carpets?|durries|durrie|dari|rugs?)\b", "5701"),
    (r"\b(gold|silver)\b.*\bjewell?ery\b|\bjewell?ery\b.*\b(gold|silver)\b", "7113"),
    (r"\b(jewell?ery|beads?|beadwork|necklaces?|bangles?|pearls?)\b", "7117"),
    (r"\b(brassware|utensils?|kitchen ?ware|metal)\b", "7418"),
    (r"\b(brass|bell metal|dhokra|bronze|copper)\b", "7419"),
    (r"\b(terracotta|teracotta|pottery|clay)\b", "6913"),
    (r"\b(ceramics?|crockery)\b", "6912"),
    (r"\b(stone|marble)\b", "6802"),
    (r"\b(bamboo|cane|baskets?|jute|sikki|grass)\b", "4602"),
    (r"\b(paintings?|pattachitra|patachitra|madhubani|madhubhani|pithora|tanjore|art)\b", "9701"),
    (r"\b(wood|wooden|lacquer|lacquerware|carvings?)\b", "4420"),
    (r"\b(shawls?|stoles?|pashmina|rumal)\b", "6214"),
    (r"\b(bedsheets?|towels?|towel|bed linen)\b", "6302"),
    (r"\b(t-shirts?|hosiery|knitwear)\b", "6109"),
    (
        r"\b(garments?|apparels?|shirts?|jeans|pants|jackets?|kurtas?|clothes|chikan|chikankari|zardozi)\b",
        "6211",
    ),
    (r"\b(silk|tasar|tussar|muga|eri|kosa)\b", "5007"),
    (r"\b(sarees?|saris?|handloom|cotton|fabrics?|kalamkari|ikat|ikkat|patola)\b", "5208"),
]
_HSN_PATTERNS = [(re.compile(pattern), hsn) for pattern, hsn in HSN_BY_KEYWORD]


def hsn_code_for(product: OdopProduct) -> str:
    """A plausible HSN code for a demo listing of this ODOP product (attar 3303, not 7418)."""
    name = product.name.lower()
    for pattern, hsn in _HSN_PATTERNS:
        if pattern.search(name):
            return hsn
    return SECTOR_PROFILES.get(product.sector, SECTOR_PROFILES["Others"])[1]


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


def _district_order(seed: int) -> list[District]:
    """Showcase districts, then those with a GI-tagged product, then the rest (shuffled by seed)."""
    districts = list(District.objects.select_related("state").order_by("lgd_code"))
    gi_codes = set(
        OdopProduct.objects.filter(is_gi_tagged=True).values_list("district__lgd_code", flat=True)
    )
    rng = random.Random(f"{seed}:districts")
    by_code = {d.lgd_code: d for d in districts}
    showcase = [by_code[code] for code in SHOWCASE_DISTRICTS if code in by_code]
    with_gi = [d for d in districts if d.lgd_code in gi_codes and d not in showcase]
    rest = [d for d in districts if d.lgd_code not in gi_codes and d not in showcase]
    rng.shuffle(with_gi)
    rng.shuffle(rest)
    return showcase + with_gi + rest


def _seller_for(j: int, seed: int, district: District) -> tuple[User, Seller]:
    rng = random.Random(f"{seed}:seller:{j}")
    kind = rng.choice([k for k, _label in Seller.Kind.choices])
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
    registered = rng.random() < 0.6
    user = User(
        email=f"demo-seller-{j}@{DEMO_EMAIL_DOMAIN}",
        full_name=person,
        password=make_password(None),  # nobody can log in as a demo seller
    )
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


def _price(rng: random.Random, low: int, high: int) -> tuple[Decimal, Decimal]:
    price = rng.randrange(low, high)
    price = max(price - price % 10 - 1, low) if price > 100 else price  # ₹1,249 not ₹1,253
    markup = rng.choice([0, 0, 0, 10, 15, 20, 25, 30])
    mrp = price + (price * markup // 100)
    mrp = mrp - mrp % 10 + 9 if markup else price
    return Decimal(price), Decimal(max(mrp, price))


def _stock(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.05:
        return 0
    if roll < 0.2:
        return rng.randrange(1, 6)
    return rng.randrange(6, 250)


def _photo(i: int, title: str, place: str, rng: random.Random) -> bytes:
    """A distinct 480x360 JPEG: colours and pattern from the listing number, and its title."""
    base = tuple(rng.randrange(90, 220) for _ in range(3))
    image = Image.new("RGB", PHOTO_SIZE, base)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        colour = tuple(min(255, c + rng.randrange(-60, 60)) for c in base)
        x, y, r = rng.randrange(480), rng.randrange(360), rng.randrange(30, 140)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    draw.rectangle((0, 230, 480, 360), fill=(32, 24, 16))
    font, small = _fonts()
    for row, line in enumerate(textwrap.wrap(title, 30)[:2]):
        draw.text((16, 242 + row * 32), line, font=font, fill=(255, 250, 240))
    draw.text((16, 312), f"{place} · DEMO #{i}", font=small, fill=(230, 200, 150))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=78)
    return buffer.getvalue()


_FONT_CACHE: list = []


def _fonts() -> tuple:
    if not _FONT_CACHE:
        _FONT_CACHE.extend([ImageFont.load_default(size=26), ImageFont.load_default(size=18)])
    return _FONT_CACHE[0], _FONT_CACHE[1]


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
    """Make sure `listings` demo listings exist, creating only the missing ones."""
    existing = Listing.objects.filter(is_demo=True).count()
    if existing >= listings:
        return SeedReport(0, 0, existing)
    order = _district_order(seed)
    products_by_district: dict[int, list[OdopProduct]] = {}
    for product in OdopProduct.objects.select_related("category").order_by("odop_id"):
        products_by_district.setdefault(product.district_id, []).append(product)
    created_sellers = 0
    for batch in _batches(existing, listings):
        created_sellers += _seed_batch(batch, seed, order, products_by_district, make_renditions)
        if progress:
            progress(batch.stop, listings)
    _feature_demo_districts(order)
    return SeedReport(listings - existing, created_sellers, listings)


def _seed_batch(
    batch: range,
    seed: int,
    order: list[District],
    products_by_district: dict[int, list[OdopProduct]],
    make_renditions: bool,
) -> int:
    seller_numbers = sorted({i // LISTINGS_PER_SELLER for i in batch})
    rate_book = RateBook.load()
    emails = {j: f"demo-seller-{j}@{DEMO_EMAIL_DOMAIN}" for j in seller_numbers}
    with transaction.atomic():
        known = {
            s.user.email: s
            for s in Seller.objects.filter(user__email__in=emails.values()).select_related(
                "user", "district__state"
            )
        }
        new_pairs = [
            _seller_for(j, seed, order[j % len(order)])
            for j in seller_numbers
            if emails[j] not in known
        ]
        users = User.objects.bulk_create([user for user, _seller in new_pairs])
        for user, (_user, seller) in zip(users, new_pairs, strict=True):
            seller.user = user
        for seller in Seller.objects.bulk_create([seller for _user, seller in new_pairs]):
            known[seller.user.email] = seller

        now = timezone.now()
        rows, photos = [], []
        for i in batch:
            rng = random.Random(f"{seed}:listing:{i}")
            seller = known[emails[i // LISTINGS_PER_SELLER]]
            district = seller.district
            product = rng.choice(products_by_district[district.pk])
            (low, high), _default_hsn, variants = SECTOR_PROFILES.get(
                product.sector, SECTOR_PROFILES["Others"]
            )
            price, mrp = _price(rng, low, high)
            hsn = hsn_code_for(product)
            rate = rate_book.rate_for(hsn, price)
            title = f"{product.name}, {rng.choice(variants)}"[:150]
            listing = Listing(
                seller=seller,
                odop_product=product,
                district=district,
                category=product.category,
                title=title,
                slug=slugify(title)[:160] or "listing",
                description=(
                    f"{product.name} from {district.name}, {district.state.name}, made by "
                    f"{seller.display_name}.\n\nDemo listing made by seed_demo: not a real product."
                ),
                price=price,
                mrp=mrp,
                stock=_stock(rng),
                status=Listing.Status.LIVE,
                is_featured=i % 17 == 0,
                hsn_code=hsn,
                gst_rate=rate,
                weight_grams=rng.choice([250, 500, 750, 1000, 1500, 2000]),
                gi_authorised_user_number=f"DEMO-AU-{i:06d}" if product.is_gi_tagged else "",
                gi_verified_at=now if product.is_gi_tagged else None,
                is_demo=True,
            )
            listing.search_document = listing.build_search_document()
            rows.append(listing)
            photos.append((i, rng))
        missing = [row.hsn_code for row in rows if row.gst_rate is None]
        if missing:  # a demo HSN code without a rule: fix HSN_BY_KEYWORD or the rules file
            raise ValueError(f"No GST rate rule for demo HSN code(s) {sorted(set(missing))}")
        created = Listing.objects.bulk_create(rows)
        images = []
        for listing, (i, rng) in zip(created, photos, strict=True):
            data = _photo(i, listing.title, listing.district.name, rng)
            image = ListingImage(
                listing=listing, alt_text=listing.title, width=PHOTO_SIZE[0], height=PHOTO_SIZE[1]
            )
            image.image.name = default_storage.save(
                f"listings/demo/{i // 1000:03d}/{i}-{image.token[:8]}.jpg", ContentFile(data)
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


def _feature_demo_districts(order: list[District], count: int = 8) -> None:
    """Feature a few districts that have demo listings, unless curators already chose some."""
    if District.objects.filter(is_featured=True).exists():
        return
    with_listings = set(
        Listing.objects.filter(is_demo=True).values_list("district_id", flat=True).distinct()
    )
    chosen = [d.pk for d in order if d.pk in with_listings][:count]
    District.objects.filter(pk__in=chosen).update(is_featured=True)
