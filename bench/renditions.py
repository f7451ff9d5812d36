"""Time and peak memory to check a 12-megapixel phone photo and make its renditions.

    .venv/bin/python bench/renditions.py [--runs 5] [--write]  # --write: the renditions section of bench/RESULTS.md

Each measurement runs in a fresh child process, so its peak RSS (ru_maxrss) is that step's own:
`clean` is the upload check (header read, decode, EXIF orientation, re-encode without EXIF),
as done in the request; `renditions` is the Celery task's work (decode the stored photo, 320,
640 and 1280 px wide in WebP and JPEG, six files written to local disk). Baseline RSS is taken
after imports and after the photo's bytes are in memory, and subtracted.
"""

import argparse
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def phone_photo(width: int = 4000, height: int = 3000) -> bytes:
    """A 12 MP JPEG like a phone's: textured (so it compresses like a photo), EXIF with GPS."""
    from PIL import Image, ImageFilter

    noise = Image.effect_noise((width // 4, height // 4), 64).resize((width, height))
    base = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", (noise, base, noise.filter(ImageFilter.GaussianBlur(3))))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90°, as phones store portrait shots
    exif[0x8825] = {1: "N", 2: (26.0, 58.0, 0.0), 3: "E", 4: (79.0, 55.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(stage: str, photo_path: str, media_root: str) -> None:
    os.environ["MEDIA_ROOT"] = media_root
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_bazaar.settings")
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from catalog.images import clean_upload, make_renditions

    data = Path(photo_path).read_bytes()
    if stage == "prepare":  # the checked original, as stored by the upload
        Path(photo_path + ".clean").write_bytes(clean_upload(data).content)
        return
    if stage == "renditions":
        # Store the already-checked original without decoding it here, so the peak measured
        # below is the task's own.
        clean = Path(photo_path + ".clean").read_bytes()
        name = default_storage.save("bench/photo.jpg", ContentFile(clean))
        del clean
    baseline = max_rss_mib()
    started = time.perf_counter()
    if stage == "clean":
        result = clean_upload(data)
        detail = {"size": [result.width, result.height], "bytes": len(result.content)}
    else:
        paths = make_renditions(source_name=name, stem="bench/photo")
        detail = {
            fmt: {w: default_storage.size(p) for w, p in sizes.items()}
            for fmt, sizes in paths.items()
        }
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mib": max_rss_mib() - baseline,
                "baseline_mib": baseline,
                "detail": detail,
            }
        )
    )


def measure(stage: str, photo: Path, runs: int) -> list[dict]:
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as media_root:
            out = subprocess.run(
                [sys.executable, __file__, "--child", stage, str(photo), media_root],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            if stage != "prepare":
                results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return results


def summary(results: list[dict]) -> tuple[float, float, float]:
    seconds = [r["seconds"] for r in results]
    peaks = [r["peak_mib"] for r in results]
    return statistics.median(seconds), max(seconds), statistics.median(peaks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="put the figures in bench/RESULTS.md")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    with tempfile.TemporaryDirectory() as folder:
        photo = Path(folder, "phone.jpg")
        photo.write_bytes(phone_photo())
        photo_mib = photo.stat().st_size / 2**20
        clean = measure("clean", photo, args.runs)
        measure("prepare", photo, 1)
        renditions = measure("renditions", photo, args.runs)

    import PIL

    lines = [
        f"### {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: 12 MP photo (4000×3000 JPEG, {photo_mib:.1f} MB, EXIF GPS + orientation 6)",
        "",
        f"`{' '.join(['.venv/bin/python', 'bench/renditions.py', '--runs', str(args.runs)])}` on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, Pillow {PIL.__version__}; "
        f"load average before: {os.getloadavg()[0]:.2f}. Median of {args.runs} runs, each in a fresh process.",
        "",
        "| step | median time | slowest | peak memory above baseline (RSS) |",
        "|---|---|---|---|",
    ]
    for label, results in (
        ("upload check + EXIF strip + re-encode (request)", clean),
        ("6 renditions, WebP + JPEG at 320/640/1280 (Celery task)", renditions),
    ):
        median, slowest, peak = summary(results)
        lines.append(
            f"| {label} | {median * 1000:.0f} ms | {slowest * 1000:.0f} ms | {peak:.0f} MiB |"
        )
    sizes = renditions[0]["detail"]
    lines += [
        "",
        "Rendition sizes (bytes): "
        + "; ".join(
            f"{fmt} " + ", ".join(f"{w} px {b:,}" for w, b in s.items()) for fmt, s in sizes.items()
        ),
        f"Stored original after the check: {clean[0]['detail']['size'][0]}×{clean[0]['detail']['size'][1]} "
        f"(turned upright), {clean[0]['detail']['bytes'] / 2**20:.1f} MB, no EXIF.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        from bench.results_file import write_section

        heading = "## Photo pipeline: time and memory for a 12-megapixel phone photo (issue 4)"
        write_section("renditions", f"{heading}\n\n{text}")


if __name__ == "__main__":
    main()
