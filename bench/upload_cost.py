"""What uploading a 39-megapixel PNG costs the web process, before and after issue 10 item 11.

    .venv/bin/python bench/upload_cost.py [--runs 3]

The photo: 7800 x 5000 pixels, just under the 40 MP cap, in a small file: one flat RGB colour
(123 KB, like the 113 KB PNG of the report) and mode "1" (14 KB). Each
measurement runs in a fresh child process, so its peak RSS (ru_maxrss) is that step's own;
the baseline (after imports, with the upload's bytes in memory) is subtracted.

- `before`: what the request did until then: header check, decode, EXIF orientation,
  re-encode without metadata (catalog.images.clean_upload), and write the clean file.
- `after`: what the request does now: header check only (catalog.images.check_upload) and
  write the raw file to private storage. No pixel is decoded.
- `worker`: what moved to the Celery task (clean_upload, write, then the renditions), for
  reference: it is the same work as before plus the renditions, out of the request.

The database writes (one row either way) are left out: they are the same before and after.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SIZE = (7800, 5000)


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(stage: str, photo_path: str, root: str) -> None:
    os.environ["MEDIA_ROOT"] = str(Path(root, "media"))
    os.environ["PRIVATE_MEDIA_ROOT"] = str(Path(root, "private"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_bazaar.settings")
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from catalog.images import check_upload, clean_upload, make_renditions, upload_storage

    data = Path(photo_path).read_bytes()
    baseline = max_rss_mib()
    start = time.perf_counter()
    if stage == "before":
        clean = clean_upload(data)
        default_storage.save(f"bench/photo.{clean.extension}", ContentFile(clean.content))
    elif stage == "after":
        checked = check_upload(data)
        upload_storage().save(f"bench.{checked.extension}", ContentFile(checked.content))
    else:
        clean = clean_upload(data)
        name = default_storage.save(f"bench/photo.{clean.extension}", ContentFile(clean.content))
        make_renditions(source_name=name, stem=name.rsplit(".", 1)[0])
    elapsed = time.perf_counter() - start
    print(json.dumps({"seconds": elapsed, "peak_mib": max_rss_mib() - baseline}))


def measure(stage: str, photo_path: str, root: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", stage, photo_path, root],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=3, metavar=("STAGE", "PHOTO", "ROOT"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    from PIL import Image

    print(f"{SIZE[0]} x {SIZE[1]} PNG, {args.runs} runs each\n")
    print("| photo | stage | median time (s) | max time (s) | peak RSS above baseline (MiB) |")
    print("|---|---|---:|---:|---:|")
    for mode, colour in (("RGB", (200, 40, 40)), ("1", 1)):
        with tempfile.TemporaryDirectory() as root:
            photo_path = str(Path(root, "big.png"))
            Image.new(mode, SIZE, colour).save(photo_path, "PNG")
            label = f"mode {mode}, {Path(photo_path).stat().st_size / 1024:.0f} KB"
            for stage in ("before", "after", "worker"):
                results = [measure(stage, photo_path, root) for _ in range(args.runs)]
                times = [r["seconds"] for r in results]
                peak = max(r["peak_mib"] for r in results)
                print(
                    f"| {label} | {stage} | {statistics.median(times):.3f} | {max(times):.3f} "
                    f"| {peak:.0f} |"
                )


if __name__ == "__main__":
    main()
