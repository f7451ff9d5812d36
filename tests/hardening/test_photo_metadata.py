"""Stored photos and their renditions carry no metadata; cut files stay refused with WeasyPrint
loaded in the same process."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image, ImageFile

from catalog import images

pytestmark = pytest.mark.django_db
COMMENT = b"<script>alert(1)</script> taken at 26.9708 N, 79.9165 E"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>26,58N</exif:GPSLatitude></x:xmpmeta>'


def jpeg_with_everything() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (26.0, 58.0, 0.0), 3: "E", 4: (79.0, 55.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), (200, 40, 40)).save(
        buffer, "JPEG", exif=exif, comment=COMMENT, xmp=XMP, quality=95
    )
    data = buffer.getvalue()
    assert COMMENT in data  # the file really carries them
    assert XMP in data
    return data


def _assert_bare(data: bytes) -> None:
    assert b"script" not in data
    assert b"26.9708" not in data
    assert b"xmpmeta" not in data
    assert b"GPS" not in data
    image = Image.open(io.BytesIO(data))
    assert "comment" not in image.info
    assert "xmp" not in image.info
    assert dict(image.getexif()) == {}


def test_the_stored_original_has_no_comment_xmp_or_exif_and_is_upright():
    clean = images.clean_upload(jpeg_with_everything())

    _assert_bare(clean.content)
    assert (clean.width, clean.height) == (400, 600)


def test_renditions_have_no_metadata_either(tmp_path, settings):
    # A stored file made before this fix still carries the comment: renditions drop it too.
    name = default_storage.save("listings/1/old.jpg", io.BytesIO(jpeg_with_everything()))

    renditions = images.make_renditions(source_name=name, stem="listings/1/old")

    paths = [path for by_width in renditions.values() for path in by_width.values()]
    assert paths
    for path in paths:
        with default_storage.open(path, "rb") as handle:
            _assert_bare(handle.read())


def half_a_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 60).convert("RGB").save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    return data[: len(data) // 2]


def test_a_cut_jpeg_is_refused_after_weasyprint_was_imported():
    from orders.services import invoices

    invoices._weasyprint_html()  # what making an invoice PDF imports
    import weasyprint  # noqa: F401 - imported anywhere else in the process, too

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as WeasyPrint's import leaves it
    try:
        with pytest.raises(images.InvalidImage, match="damaged"):
            images.clean_upload(half_a_jpeg())
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False


def test_making_a_pdf_leaves_the_flag_as_it_was():
    from orders.services import invoices

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    pdf = invoices._weasyprint_html()(string="<p>Invoice</p>").write_pdf()
    assert pdf[:4] == b"%PDF"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
