"""Demo product photos drawn with Pillow: a studio shot of a product silhouette, marked "Demo".

Each picture is a soft backdrop that curves into a floor, a contact shadow, and the product drawn
for its kind (a bottle for attar, a vase for brass and pottery, folded cloth for textiles, a heap
for spices, a jar, a packet, a box...), shaded as if lit from the upper left. Shapes are drawn
at twice the size and reduced, so edges are smooth. Everything comes from the random generator
passed in, so listing number i always gets the same picture; one takes a few milliseconds.
"""

import io
import math
import random
from collections.abc import Callable
from functools import cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SIZE = (480, 360)
SCALE = 2  # shapes are drawn at twice the size, then reduced: smooth edges without a slow filter
FLOOR = 300  # y of the line where the product stands, in output pixels

RGB = tuple[int, int, int]


def hex_colour(value: str) -> RGB:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _tone(colour: RGB, factor: float) -> RGB:
    """Darker below 1, lighter above (towards white)."""
    if factor <= 1:
        return (int(colour[0] * factor), int(colour[1] * factor), int(colour[2] * factor))
    mix = min(factor - 1, 1)
    return tuple(int(c + (255 - c) * mix) for c in colour)  # type: ignore[return-value]


@cache
def _cylinder_row() -> Image.Image:
    """Brightness across a round object lit from the left: highlight at a third, dark edges."""
    row = Image.new("L", (256, 1))
    values = []
    for x in range(256):
        t = x / 255
        value = 0.42 + 0.58 * math.exp(-(((t - 0.33) / 0.3) ** 2)) - 0.18 * t
        values.append(max(0, min(255, int(value * 255))))
    row.putdata(values)
    return row


@cache
def _backdrop_mask() -> Image.Image:
    """Top to bottom: the wall darkens gently, then the floor lightens towards the camera."""
    column = Image.new("L", (1, 256))
    horizon = FLOOR / SIZE[1] - 0.08
    values = []
    for y in range(256):
        t = y / 255
        if t < horizon:
            value = 0.85 - 0.35 * (t / horizon)
        else:
            value = 0.5 + 0.5 * ((t - horizon) / (1 - horizon)) ** 0.7
        values.append(int(max(0, min(1, value)) * 255))
    column.putdata(values)
    return column.resize(SIZE, Image.Resampling.BILINEAR)


@cache
def _vignette() -> Image.Image:
    small = Image.new("L", (48, 36), 0)
    ImageDraw.Draw(small).ellipse((-10, -8, 58, 44), fill=255)
    return small.filter(ImageFilter.GaussianBlur(6)).resize(SIZE, Image.Resampling.BILINEAR)


@cache
def _backdrop(background: RGB) -> Image.Image:
    """The empty studio in one colour: wall, floor and a soft vignette (made once per colour)."""
    wall, floor = _tone(background, 0.78), _tone(background, 1.35)
    image = Image.composite(
        Image.new("RGB", SIZE, floor), Image.new("RGB", SIZE, wall), _backdrop_mask()
    )
    dim = Image.new("RGB", SIZE, _tone(background, 0.62))
    return Image.composite(image, dim, _vignette())


@cache
def _font() -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=13)


class Canvas:
    """A picture being drawn: `shape()` gives a drawing surface at SCALE, `fill()` paints it."""

    def __init__(self, background: RGB, rng: random.Random) -> None:
        self.rng = rng
        self.image = _backdrop(background).copy()

    def mask(self, draw: Callable[[ImageDraw.ImageDraw, int], None]) -> Image.Image:
        big = Image.new("L", (SIZE[0] * SCALE, SIZE[1] * SCALE), 0)
        draw(ImageDraw.Draw(big), SCALE)
        small = Image.new("L", SIZE, 0)
        box = big.getbbox()
        if box is None:
            return small
        # Reduce only the part drawn on, its corners rounded out to whole output pixels.
        x0, y0 = box[0] // SCALE * SCALE, box[1] // SCALE * SCALE
        x1, y1 = -(-box[2] // SCALE) * SCALE, -(-box[3] // SCALE) * SCALE
        small.paste(big.crop((x0, y0, x1, y1)).reduce(SCALE), (x0 // SCALE, y0 // SCALE))
        return small

    def polygon(self, points: list[tuple[float, float]]) -> Image.Image:
        return self.mask(lambda d, s: d.polygon([(x * s, y * s) for x, y in points], fill=255))

    def shadow(self, cx: int, width: int, depth: int = 18, strength: int = 140) -> None:
        small = Image.new("L", (SIZE[0] // 4, SIZE[1] // 4), 0)
        ImageDraw.Draw(small).ellipse(
            (
                (cx - width // 2) // 4,
                (FLOOR - depth // 2) // 4,
                (cx + width // 2) // 4,
                (FLOOR + depth) // 4,
            ),
            fill=strength,
        )
        blurred = small.filter(ImageFilter.GaussianBlur(2.5)).resize(
            SIZE, Image.Resampling.BILINEAR
        )
        self.image.paste((20, 16, 12), (0, 0), blurred)

    def fill(
        self, mask: Image.Image, colour: RGB, *, round_: bool = True, alpha: int = 255
    ) -> None:
        """Paint `colour` through the mask, shaded like a round object unless round_ is off."""
        box = mask.getbbox()
        if box is None:
            return
        if alpha < 255:
            mask = mask.point(lambda v: v * alpha // 255)
        if not round_:
            self.image.paste(colour, box, mask.crop(box))
            return
        x0, y0, x1, y1 = box
        light = Image.new("RGB", (x1 - x0, y1 - y0), _tone(colour, 1.25))
        dark = Image.new("RGB", (x1 - x0, y1 - y0), _tone(colour, 0.45))
        profile = (
            _cylinder_row()
            .resize((x1 - x0, 1), Image.Resampling.BILINEAR)
            .resize((x1 - x0, y1 - y0), Image.Resampling.NEAREST)
        )
        self.image.paste(Image.composite(light, dark, profile), (x0, y0), mask.crop(box))

    def demo_mark(self) -> None:
        draw = ImageDraw.Draw(self.image)
        draw.rounded_rectangle((SIZE[0] - 62, 10, SIZE[0] - 10, 30), radius=6, fill=(40, 36, 32))
        draw.text((SIZE[0] - 51, 13), "DEMO", font=_font(), fill=(250, 240, 220))

    def jpeg(self) -> bytes:
        buffer = io.BytesIO()
        self.image.save(buffer, "JPEG", quality=80)
        return buffer.getvalue()


# Each shape draws the product standing on the floor at the centre, in palette colours.


def _bottle(c: Canvas, body: RGB, accent: RGB) -> None:
    rng = c.rng
    w, h = rng.randint(84, 112), rng.randint(124, 156)
    cx = 240
    c.shadow(cx, w + 40)
    top = FLOOR - h

    def glass(d: ImageDraw.ImageDraw, s: int) -> None:
        facet = rng.choice([0, 18])
        d.rounded_rectangle(
            ((cx - w // 2) * s, top * s, (cx + w // 2) * s, FLOOR * s),
            radius=(14 + facet) * s,
            fill=255,
        )
        d.rectangle(((cx - 12) * s, (top - 22) * s, (cx + 12) * s, (top + 4) * s), fill=255)

    c.fill(c.mask(glass), body)

    def stopper(d: ImageDraw.ImageDraw, s: int) -> None:
        d.rectangle(((cx - 16) * s, (top - 30) * s, (cx + 16) * s, (top - 20) * s), fill=255)
        d.polygon(
            [
                ((cx - 14) * s, (top - 30) * s),
                (cx * s, (top - 30 - rng.randint(36, 60)) * s),
                ((cx + 14) * s, (top - 30) * s),
            ],
            fill=255,
        )

    c.fill(c.mask(stopper), accent)

    def label(d: ImageDraw.ImageDraw, s: int) -> None:
        d.rounded_rectangle(
            ((cx - w // 3) * s, (FLOOR - h * 0.62) * s, (cx + w // 3) * s, (FLOOR - h * 0.3) * s),
            radius=4 * s,
            fill=255,
        )

    c.fill(c.mask(label), (236, 226, 200), alpha=230)
    _glint(c, cx - w // 4, top + 12, FLOOR - 14)


def _jar(c: Canvas, body: RGB, accent: RGB) -> None:
    w, h = c.rng.randint(140, 170), c.rng.randint(140, 170)
    cx = 240
    top = FLOOR - h
    c.shadow(cx, w + 50)
    c.fill(
        c.mask(
            lambda d, s: d.rounded_rectangle(
                ((cx - w // 2) * s, top * s, (cx + w // 2) * s, FLOOR * s), radius=22 * s, fill=255
            )
        ),
        body,
    )
    c.fill(
        c.mask(
            lambda d, s: d.rounded_rectangle(
                ((cx - w // 2 + 6) * s, (top - 26) * s, (cx + w // 2 - 6) * s, (top + 4) * s),
                radius=6 * s,
                fill=255,
            )
        ),
        accent,
    )
    c.fill(
        c.mask(
            lambda d, s: d.rectangle(
                ((cx - w // 2) * s, (top + h * 0.35) * s, (cx + w // 2) * s, (top + h * 0.7) * s),
                fill=255,
            )
        ),
        (240, 232, 210),
    )
    c.fill(
        c.mask(
            lambda d, s: d.rectangle(
                ((cx - w // 2) * s, (top + h * 0.35) * s, (cx + w // 2) * s, (top + h * 0.4) * s),
                fill=255,
            )
        ),
        accent,
    )
    _glint(c, cx - w // 3, top + 10, FLOOR - 10)


def _packet(c: Canvas, body: RGB, accent: RGB) -> None:
    w, h = c.rng.randint(130, 160), c.rng.randint(170, 200)
    cx = 240
    top = FLOOR - h
    c.shadow(cx, w + 40)

    def pouch(d: ImageDraw.ImageDraw, s: int) -> None:
        d.polygon(
            [
                ((cx - w // 2 + 6) * s, top * s),
                ((cx + w // 2 - 6) * s, top * s),
                ((cx + w // 2) * s, (FLOOR - 20) * s),
                ((cx + w // 2 - 10) * s, FLOOR * s),
                ((cx - w // 2 + 10) * s, FLOOR * s),
                ((cx - w // 2) * s, (FLOOR - 20) * s),
            ],
            fill=255,
        )

    c.fill(c.mask(pouch), body)
    c.fill(
        c.mask(
            lambda d, s: d.rectangle(
                ((cx - w // 2 + 6) * s, top * s, (cx + w // 2 - 6) * s, (top + 14) * s), fill=255
            )
        ),
        _tone(body, 0.7),
        round_=False,
    )
    c.fill(
        c.mask(
            lambda d, s: d.rounded_rectangle(
                ((cx - w // 3) * s, (top + h * 0.3) * s, (cx + w // 3) * s, (top + h * 0.62) * s),
                radius=8 * s,
                fill=255,
            )
        ),
        (244, 236, 214),
    )
    c.fill(
        c.mask(
            lambda d, s: d.ellipse(
                ((cx - 18) * s, (top + h * 0.36) * s, (cx + 18) * s, (top + h * 0.36 + 36) * s),
                fill=255,
            )
        ),
        accent,
    )


def _heap(c: Canvas, body: RGB, accent: RGB) -> None:
    rng = c.rng
    cx, w = 240, rng.randint(230, 280)
    c.shadow(cx, w + 20, depth=24)
    # A shallow brass or clay dish.
    c.fill(
        c.mask(
            lambda d, s: d.chord(
                ((cx - w // 2) * s, (FLOOR - 40) * s, (cx + w // 2) * s, (FLOOR + 10) * s),
                0,
                180,
                fill=255,
            )
        ),
        accent,
    )
    height = rng.randint(70, 100)

    def mound(d: ImageDraw.ImageDraw, s: int) -> None:
        points = []
        for k in range(41):
            t = k / 40
            x = cx - w // 2 + 14 + t * (w - 28)
            bump = math.sin(math.pi * t) ** 1.4 * height + rng.uniform(-3, 3)
            points.append((x * s, (FLOOR - 16 - bump) * s))
        d.polygon(points, fill=255)

    mound_mask = c.mask(mound)
    c.fill(mound_mask, body)
    speckles = Image.new("L", SIZE, 0)
    dots = ImageDraw.Draw(speckles)
    for _ in range(260):
        x, y = rng.randint(cx - w // 2, cx + w // 2), rng.randint(FLOOR - 16 - height, FLOOR - 14)
        r = rng.choice([1, 1, 2])
        dots.ellipse((x - r, y - r, x + r, y + r), fill=200)
    c.fill(
        Image.composite(speckles, Image.new("L", SIZE, 0), mound_mask),
        _tone(body, 0.6),
        round_=False,
    )


def _fruit(c: Canvas, body: RGB, accent: RGB) -> None:
    rng = c.rng
    cx = 240
    c.shadow(cx, 300, depth=26)
    crate = (176, 132, 82)
    c.fill(
        c.mask(
            lambda d, s: d.polygon(
                [
                    ((cx - 150) * s, (FLOOR - 60) * s),
                    ((cx + 150) * s, (FLOOR - 60) * s),
                    ((cx + 135) * s, FLOOR * s),
                    ((cx - 135) * s, FLOOR * s),
                ],
                fill=255,
            )
        ),
        crate,
    )
    for row, y in enumerate((FLOOR - 78, FLOOR - 108)):
        count = 5 - row
        for k in range(count):
            x = cx - (count - 1) * 27 + k * 54 + rng.randint(-4, 4)
            rx, ry = rng.randint(28, 33), rng.randint(24, 30)
            tint = _tone(body, rng.uniform(0.85, 1.1))
            c.fill(
                c.mask(
                    lambda d, s, x=x, y=y, rx=rx, ry=ry: d.ellipse(
                        ((x - rx) * s, (y - ry) * s, (x + rx) * s, (y + ry) * s), fill=255
                    )
                ),
                tint,
            )
    c.fill(
        c.mask(
            lambda d, s: d.rectangle(
                ((cx - 150) * s, (FLOOR - 62) * s, (cx + 150) * s, (FLOOR - 50) * s), fill=255
            )
        ),
        _tone(crate, 0.8),
        round_=False,
    )


def _box(c: Canvas, body: RGB, accent: RGB) -> None:
    rng = c.rng
    w, h, depth = rng.randint(170, 210), rng.randint(80, 110), rng.randint(40, 56)
    cx = 230
    x0, x1 = cx - w // 2, cx + w // 2
    c.shadow(cx + depth // 2, w + depth + 30)
    top = FLOOR - h

    lid = top - depth * 0.55
    faces = [
        ([(x0, top), (x1, top), (x1, FLOOR), (x0, FLOOR)], body),  # front
        ([(x1, top), (x1 + depth, lid), (x1 + depth, FLOOR - depth * 0.55), (x1, FLOOR)], 0.6),
        ([(x0, top), (x0 + depth, lid), (x1 + depth, lid), (x1, top)], 1.25),  # top, lit
        ([(x0, top + 16), (x1, top + 16), (x1, top + 22), (x0, top + 22)], accent),  # lid line
    ]
    for points, colour in faces:
        paint = _tone(body, colour) if isinstance(colour, float) else colour
        c.fill(c.polygon(points), paint, round_=False)
    # A carved or painted medallion on the front.
    c.fill(
        c.mask(
            lambda d, s: d.ellipse(
                ((cx - 24) * s, (top + 34) * s, (cx + 24) * s, (top + 34 + min(48, h - 40)) * s),
                outline=255,
                width=5 * s,
            )
        ),
        accent,
        round_=False,
    )


def _vase(c: Canvas, body: RGB, accent: RGB) -> None:
    rng = c.rng
    cx = 240
    h = rng.randint(170, 215)
    belly, neck, lip = rng.randint(55, 75), rng.randint(18, 28), rng.randint(26, 38)
    c.shadow(cx, belly * 2 + 30)
    top = FLOOR - h

    def profile(t: float) -> float:  # half-width at height fraction t from the bottom
        base = 0.55 * belly
        if t < 0.45:
            return base + (belly - base) * math.sin(t / 0.45 * math.pi / 2)
        if t < 0.85:
            return neck + (belly - neck) * (1 + math.cos((t - 0.45) / 0.4 * math.pi)) / 2
        return neck + (lip - neck) * ((t - 0.85) / 0.15) ** 1.5

    def shape(d: ImageDraw.ImageDraw, s: int) -> None:
        ts = [k / 48 for k in range(49)]
        right = [((cx + profile(t)) * s, (FLOOR - t * h) * s) for t in ts]
        left = [((cx - profile(t)) * s, (FLOOR - t * h) * s) for t in reversed(ts)]
        d.polygon(right + left, fill=255)

    c.fill(c.mask(shape), body)
    for band in (0.3, 0.62):
        y = FLOOR - band * h
        half = profile(band)
        c.fill(
            c.mask(
                lambda d, s, y=y, half=half: d.rectangle(
                    ((cx - half) * s, (y - 4) * s, (cx + half) * s, (y + 4) * s), fill=255
                )
            ),
            accent,
            alpha=220,
        )
    _glint(c, int(cx - belly * 0.45), int(top + h * 0.3), int(FLOOR - h * 0.12))


def _bowl(c: Canvas, body: RGB, accent: RGB) -> None:
    rng = c.rng
    cx, w, h = 240, rng.randint(230, 280), rng.randint(90, 120)
    c.shadow(cx, w, depth=22)
    rim = FLOOR - h
    c.fill(
        c.mask(
            lambda d, s: d.chord(
                ((cx - w // 2) * s, (rim - h) * s, (cx + w // 2) * s, FLOOR * s), 0, 180, fill=255
            )
        ),
        body,
    )
    c.fill(
        c.mask(
            lambda d, s: d.ellipse(
                ((cx - w // 2) * s, (rim - 18) * s, (cx + w // 2) * s, (rim + 18) * s), fill=255
            )
        ),
        _tone(body, 0.55),
        round_=False,
    )
    c.fill(
        c.mask(
            lambda d, s: d.ellipse(
                ((cx - w // 2) * s, (rim - 18) * s, (cx + w // 2) * s, (rim + 18) * s),
                outline=255,
                width=5 * s,
            )
        ),
        _tone(body, 1.3),
        round_=False,
    )
    c.fill(
        c.mask(
            lambda d, s: d.rectangle(
                ((cx - w // 2) * s, (rim + 26) * s, (cx + w // 2) * s, (rim + 32) * s), fill=255
            )
        ),
        accent,
        alpha=200,
    )


def _cloth(c: Canvas, body: RGB, accent: RGB) -> None:
    """A stack of folded cloth, the top fold showing its border and pattern."""
    rng = c.rng
    cx, w = 240, rng.randint(250, 300)
    layers = rng.randint(2, 3)
    thick = 28
    c.shadow(cx, w + 30, depth=26)
    colours = [body, _tone(accent, 0.9), _tone(body, 0.8)]
    for k in range(layers):
        y1 = FLOOR - k * thick
        y0 = y1 - thick
        shift = rng.randint(-10, 10)
        c.fill(
            c.mask(
                lambda d, s, y0=y0, y1=y1, shift=shift: d.rounded_rectangle(
                    ((cx - w // 2 + shift) * s, y0 * s, (cx + w // 2 + shift) * s, y1 * s),
                    radius=12 * s,
                    fill=255,
                )
            ),
            colours[k % len(colours)],
        )
    top_y1 = FLOOR - layers * thick
    top_y0 = top_y1 - 70
    # The top fold seen from above, as a slanted panel.
    panel = [
        (cx - w // 2 + 14, top_y0),
        (cx + w // 2 - 14, top_y0),
        (cx + w // 2, top_y1 + 6),
        (cx - w // 2, top_y1 + 6),
    ]
    panel_mask = c.polygon(panel)
    c.fill(panel_mask, _tone(body, 1.1), round_=False)
    pattern = Image.new("L", SIZE, 0)
    draw = ImageDraw.Draw(pattern)
    style = rng.choice(["stripes", "buta", "checks"])
    if style == "stripes":
        for x in range(cx - w // 2, cx + w // 2, 18):
            draw.line((x, top_y0, x + 10, top_y1 + 6), fill=255, width=4)
    elif style == "checks":
        for x in range(cx - w // 2, cx + w // 2, 24):
            draw.line((x, top_y0, x + 6, top_y1 + 6), fill=255, width=3)
        for y in range(top_y0 + 10, top_y1 + 6, 16):
            draw.line((cx - w // 2, y, cx + w // 2, y), fill=255, width=3)
    else:
        for row, y in enumerate(range(top_y0 + 12, top_y1, 20)):
            for x in range(cx - w // 2 + 20 + (row % 2) * 16, cx + w // 2 - 14, 32):
                draw.polygon([(x, y - 6), (x + 5, y), (x, y + 6), (x - 5, y)], fill=255)
    c.fill(Image.composite(pattern, Image.new("L", SIZE, 0), panel_mask), accent, round_=False)
    # A woven border along the front edge of the top fold.
    c.fill(
        c.mask(
            lambda d, s: d.rectangle(
                ((cx - w // 2) * s, (top_y1 - 4) * s, (cx + w // 2) * s, (top_y1 + 8) * s), fill=255
            )
        ),
        _tone(accent, 1.2),
        round_=False,
    )


def _roll(c: Canvas, body: RGB, accent: RGB) -> None:
    """A carpet or mat laid flat in perspective, rolled at the back."""
    rng = c.rng
    cx = 240
    c.shadow(cx, 400, depth=20, strength=90)
    near, far = FLOOR + 30, FLOOR - 90
    flat = [(cx - 200, near), (cx + 200, near), (cx + 150, far), (cx - 150, far)]
    c.fill(
        c.polygon(flat),
        body,
        round_=False,
    )
    inner = [
        (cx - 170, near - 14),
        (cx + 170, near - 14),
        (cx + 128, far + 10),
        (cx - 128, far + 10),
    ]
    c.fill(
        c.mask(
            lambda d, s: d.polygon([(x * s, y * s) for x, y in inner], outline=255, width=8 * s)
        ),
        accent,
        round_=False,
    )
    motif = rng.choice(["medallion", "diamonds"])
    mid_y = (near + far) // 2
    if motif == "medallion":
        c.fill(
            c.mask(
                lambda d, s: d.ellipse(
                    ((cx - 70) * s, (mid_y - 30) * s, (cx + 70) * s, (mid_y + 30) * s), fill=255
                )
            ),
            accent,
            round_=False,
        )
        c.fill(
            c.mask(
                lambda d, s: d.ellipse(
                    ((cx - 36) * s, (mid_y - 14) * s, (cx + 36) * s, (mid_y + 14) * s), fill=255
                )
            ),
            _tone(body, 1.4),
            round_=False,
        )
    else:
        for k in range(-2, 3):
            x = cx + k * 56
            c.fill(
                c.mask(
                    lambda d, s, x=x: d.polygon(
                        [
                            (x * s, (mid_y - 26) * s),
                            ((x + 22) * s, mid_y * s),
                            (x * s, (mid_y + 26) * s),
                            ((x - 22) * s, mid_y * s),
                        ],
                        fill=255,
                    )
                ),
                accent,
                round_=False,
            )
    c.fill(
        c.mask(
            lambda d, s: d.rounded_rectangle(
                ((cx - 160) * s, (far - 34) * s, (cx + 160) * s, (far + 4) * s),
                radius=18 * s,
                fill=255,
            )
        ),
        _tone(body, 0.9),
    )
    c.fill(
        c.mask(
            lambda d, s: d.ellipse(
                ((cx + 146) * s, (far - 34) * s, (cx + 168) * s, (far + 4) * s), fill=255
            )
        ),
        _tone(accent, 0.8),
        round_=False,
    )


def _figure(c: Canvas, body: RGB, accent: RGB) -> None:
    """A figurine or toy: plinth, rounded body, head, painted bands."""
    rng = c.rng
    cx = 240
    c.shadow(cx, 190)
    c.fill(
        c.mask(
            lambda d, s: d.rounded_rectangle(
                ((cx - 90) * s, (FLOOR - 26) * s, (cx + 90) * s, FLOOR * s), radius=6 * s, fill=255
            )
        ),
        _tone(accent, 0.8),
    )
    bw, bh = rng.randint(120, 150), rng.randint(90, 115)
    body_top = FLOOR - 26 - bh
    for leg in (-1, 1):
        c.fill(
            c.mask(
                lambda d, s, leg=leg: d.rounded_rectangle(
                    (
                        (cx + leg * bw * 0.3 - 12) * s,
                        (body_top + bh * 0.5) * s,
                        (cx + leg * bw * 0.3 + 12) * s,
                        (FLOOR - 24) * s,
                    ),
                    radius=6 * s,
                    fill=255,
                )
            ),
            _tone(body, 0.85),
        )
    c.fill(
        c.mask(
            lambda d, s: d.ellipse(
                ((cx - bw // 2) * s, body_top * s, (cx + bw // 2) * s, (body_top + bh * 0.75) * s),
                fill=255,
            )
        ),
        body,
    )
    hx = cx + bw // 2 - 6
    c.fill(
        c.mask(
            lambda d, s: d.ellipse(
                ((hx - 26) * s, (body_top - 44) * s, (hx + 26) * s, (body_top + 8) * s), fill=255
            )
        ),
        body,
    )
    c.fill(
        c.mask(
            lambda d, s: d.rectangle(
                (
                    (cx - bw // 2 + 12) * s,
                    (body_top + bh * 0.3) * s,
                    (cx + bw // 2 - 12) * s,
                    (body_top + bh * 0.38) * s,
                ),
                fill=255,
            )
        ),
        accent,
        alpha=230,
    )
    c.fill(
        c.mask(
            lambda d, s: d.ellipse(
                ((hx + 4) * s, (body_top - 28) * s, (hx + 12) * s, (body_top - 20) * s), fill=255
            )
        ),
        (30, 24, 20),
        round_=False,
    )


def _necklace(c: Canvas, body: RGB, accent: RGB) -> None:
    """Jewellery on a velvet display bust."""
    rng = c.rng
    cx = 240
    velvet = (44, 40, 52) if rng.random() < 0.5 else (70, 22, 34)
    c.shadow(cx, 230)
    c.fill(
        c.mask(
            lambda d, s: d.polygon(
                [
                    ((cx - 40) * s, 60 * s),
                    ((cx + 40) * s, 60 * s),
                    ((cx + 44) * s, 140 * s),
                    ((cx + 120) * s, 190 * s),
                    ((cx + 110) * s, FLOOR * s),
                    ((cx - 110) * s, FLOOR * s),
                    ((cx - 120) * s, 190 * s),
                    ((cx - 44) * s, 140 * s),
                ],
                fill=255,
            )
        ),
        velvet,
    )
    beads = rng.randint(15, 21)
    for k in range(beads):
        angle = math.pi * (0.12 + 0.76 * k / (beads - 1))
        x = cx + math.cos(angle) * 82
        y = 150 + math.sin(angle) * 90
        r = 7 if k != beads // 2 else 16
        colour = body if k % 3 else accent
        c.fill(
            c.mask(
                lambda d, s, x=x, y=y, r=r: d.ellipse(
                    ((x - r) * s, (y - r) * s, (x + r) * s, (y + r) * s), fill=255
                )
            ),
            colour,
        )


def _bag(c: Canvas, body: RGB, accent: RGB) -> None:
    rng = c.rng
    cx, w, h = 240, rng.randint(170, 210), rng.randint(140, 170)
    top = FLOOR - h
    c.shadow(cx, w + 30)
    c.fill(
        c.mask(
            lambda d, s: d.arc(
                ((cx - w // 4) * s, (top - 70) * s, (cx + w // 4) * s, (top + 40) * s),
                180,
                360,
                fill=255,
                width=10 * s,
            )
        ),
        _tone(body, 0.8),
    )
    c.fill(
        c.mask(
            lambda d, s: d.polygon(
                [
                    ((cx - w // 2 + 14) * s, top * s),
                    ((cx + w // 2 - 14) * s, top * s),
                    ((cx + w // 2) * s, FLOOR * s),
                    ((cx - w // 2) * s, FLOOR * s),
                ],
                fill=255,
            )
        ),
        body,
    )
    c.fill(
        c.mask(
            lambda d, s: d.polygon(
                [
                    ((cx - w // 2 + 14) * s, top * s),
                    ((cx + w // 2 - 14) * s, top * s),
                    ((cx + w // 2 - 8) * s, (top + 50) * s),
                    (cx * s, (top + 66) * s),
                    ((cx - w // 2 + 8) * s, (top + 50) * s),
                ],
                fill=255,
            )
        ),
        _tone(body, 0.85),
    )
    c.fill(
        c.mask(
            lambda d, s: d.ellipse(
                ((cx - 9) * s, (top + 52) * s, (cx + 9) * s, (top + 70) * s), fill=255
            )
        ),
        accent,
    )


def _shoe(c: Canvas, body: RGB, accent: RGB) -> None:
    """A pair of flat chappals or juttis, side by side."""
    cx = 240
    c.shadow(cx, 360, depth=26)
    for k, (dx, dy) in enumerate(((-70, -18), (60, 0))):
        x0, x1 = cx + dx - 120, cx + dx + 110
        base = FLOOR + dy
        sole = _tone(body, 0.55)
        c.fill(
            c.mask(
                lambda d, s, x0=x0, x1=x1, base=base: d.rounded_rectangle(
                    (x0 * s, (base - 14) * s, x1 * s, base * s), radius=7 * s, fill=255
                )
            ),
            sole,
            round_=False,
        )
        c.fill(
            c.mask(
                lambda d, s, x0=x0, x1=x1, base=base: d.chord(
                    ((x0 + 6) * s, (base - 66) * s, (x1 - 6) * s, (base + 42) * s),
                    180,
                    360,
                    fill=255,
                )
            ),
            _tone(body, 1.05 - 0.1 * k),
        )
        c.fill(
            c.mask(
                lambda d, s, x0=x0, x1=x1, base=base: d.arc(
                    ((x0 + 22) * s, (base - 56) * s, (x1 - 22) * s, (base + 32) * s),
                    195,
                    345,
                    fill=255,
                    width=5 * s,
                )
            ),
            accent,
            round_=False,
        )


def _basket(c: Canvas, body: RGB, accent: RGB) -> None:
    rng = c.rng
    cx, w, h = 240, rng.randint(220, 260), rng.randint(110, 140)
    top = FLOOR - h
    c.shadow(cx, w + 20)
    outline = [
        ((cx - w // 2), top),
        ((cx + w // 2), top),
        ((cx + w // 2 - 30), FLOOR),
        ((cx - w // 2 + 30), FLOOR),
    ]
    shape = c.polygon(outline)
    c.fill(shape, body)
    weave = Image.new("L", SIZE, 0)
    draw = ImageDraw.Draw(weave)
    for y in range(top + 8, FLOOR, 12):
        draw.line((cx - w // 2, y, cx + w // 2, y), fill=150, width=3)
    for x in range(cx - w // 2, cx + w // 2, 16):
        draw.line((x, top, x + (cx - x) * 0.15, FLOOR), fill=110, width=2)
    c.fill(Image.composite(weave, Image.new("L", SIZE, 0), shape), _tone(body, 0.55), round_=False)
    c.fill(
        c.mask(
            lambda d, s: d.ellipse(
                ((cx - w // 2 - 4) * s, (top - 14) * s, (cx + w // 2 + 4) * s, (top + 14) * s),
                outline=255,
                width=9 * s,
            )
        ),
        _tone(accent, 0.9),
    )


def _frame(c: Canvas, body: RGB, accent: RGB) -> None:
    """A painting leaning on the wall: a wooden frame around a folk motif on cream paper."""
    rng = c.rng
    cx = 240
    w, h = rng.randint(250, 290), rng.randint(190, 220)
    x0, y1 = cx - w // 2, FLOOR
    y0 = y1 - h
    c.shadow(cx, w + 20, strength=110)
    c.fill(
        c.mask(lambda d, s: d.rectangle((x0 * s, y0 * s, (x0 + w) * s, y1 * s), fill=255)),
        rng.choice([(92, 58, 30), (60, 40, 24), (150, 110, 50)]),
        round_=False,
    )
    paper = rng.choice([(240, 228, 200), (232, 214, 170), (210, 60, 40)])
    px0, py0, px1, py1 = x0 + 16, y0 + 16, x0 + w - 16, y1 - 16
    c.fill(
        c.mask(lambda d, s: d.rectangle((px0 * s, py0 * s, px1 * s, py1 * s), fill=255)),
        paper,
        round_=False,
    )
    ink = Image.new("L", SIZE, 0)
    draw = ImageDraw.Draw(ink)
    draw.rectangle((px0 + 8, py0 + 8, px1 - 8, py1 - 8), outline=255, width=3)
    fill_mask = Image.new("L", SIZE, 0)
    fills = ImageDraw.Draw(fill_mask)
    midy = (py0 + py1) // 2
    for k in range(rng.randint(2, 3)):  # fish or birds: an eye, a body and a tail
        fx = px0 + 50 + k * ((px1 - px0 - 100) // 2)
        fy = midy + rng.randint(-30, 30)
        fills.ellipse((fx - 34, fy - 16, fx + 34, fy + 16), fill=255)
        fills.polygon([(fx + 30, fy), (fx + 56, fy - 18), (fx + 56, fy + 18)], fill=255)
        draw.ellipse((fx - 24, fy - 5, fx - 16, fy + 3), fill=255)
    for x in range(px0 + 14, px1 - 14, 14):
        draw.line((x, py1 - 22, x + 7, py1 - 14), fill=255, width=2)
    c.fill(fill_mask, body, round_=False)
    c.fill(ink, accent if accent != body else (30, 24, 20), round_=False)


def _glint(c: Canvas, x: int, y0: int, y1: int) -> None:
    """A soft vertical highlight, as from a window on glass or polished metal."""
    if y1 <= y0:
        return
    c.fill(
        c.mask(
            lambda d, s: d.rounded_rectangle(
                ((x - 3) * s, y0 * s, (x + 3) * s, y1 * s), radius=3 * s, fill=255
            )
        ),
        (255, 255, 255),
        round_=False,
        alpha=110,
    )


SHAPES: dict[str, Callable[[Canvas, RGB, RGB], None]] = {
    "bottle": _bottle,
    "jar": _jar,
    "packet": _packet,
    "heap": _heap,
    "fruit": _fruit,
    "box": _box,
    "vase": _vase,
    "bowl": _bowl,
    "cloth": _cloth,
    "roll": _roll,
    "figure": _figure,
    "necklace": _necklace,
    "bag": _bag,
    "shoe": _shoe,
    "basket": _basket,
    "frame": _frame,
}
BACKDROPS = [(214, 206, 196), (200, 210, 214), (222, 212, 190), (196, 200, 190), (226, 214, 206)]


def product_photo(shape: str, palette: list[str], rng: random.Random) -> bytes:
    """A 480×360 JPEG studio shot of a `shape` in colours from `palette`, marked "DEMO"."""
    colours = [hex_colour(value) for value in palette]
    body = rng.choice(colours)
    others = [colour for colour in colours if colour != body] or [_tone(body, 0.6)]
    accent = rng.choice(others)
    canvas = Canvas(rng.choice(BACKDROPS), rng)
    SHAPES[shape](canvas, body, accent)
    canvas.demo_mark()
    return canvas.jpeg()
