"""Content-Security-Policy on every page, offline API docs, and a clean `check --deploy`."""

import os
import re
import subprocess
import sys

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import ListingFactory, UserFactory
from tests.hardening.test_settings import PRODUCTION, ROOT

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


@pytest.mark.parametrize(
    "url", ["/", "/hi/", "/search/?q=attar", "/accounts/login/", "/cart/", "/api/v1/states/"]
)
def test_every_page_has_a_strict_policy(client, url, settings):
    csp = policy(client.get(url))

    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    # Our own files, and our inlined stylesheets by the hash of their text: no other inline style.
    assert csp["style-src"] == ["'self'", *settings.INLINE_STYLESHEET_HASHES]
    assert len(settings.INLINE_STYLESHEET_HASHES) == len(settings.INLINE_STYLESHEETS)
    assert all(h.startswith("'sha256-") for h in settings.INLINE_STYLESHEET_HASHES)
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]


def test_our_scripts_carry_the_nonce_of_their_response(client):
    client.force_login(UserFactory())
    listing = ListingFactory()
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 1})

    response = client.get(reverse("orders:cart"))

    nonces = re.findall(r'<script [^>]*nonce="([^"]+)"', response.text)
    assert nonces
    assert {f"'nonce-{nonce}'" for nonce in nonces} <= set(policy(response)["script-src"])


def test_no_inline_script_or_style_in_our_templates():
    templates = [
        path
        for app in (
            "templates",
            "accounts",
            "catalog",
            "districts",
            "orders",
            "sellers",
            "curation",
        )
        for path in (ROOT / app).rglob("*.html")
        # E-mails and PDFs (rendered by WeasyPrint) are not pages a browser runs.
        if not {"emails", "email"} & set(path.parts) and not path.name.endswith("_pdf.html")
    ]
    offenders = []
    for path in templates:
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"<style", text):
            offenders.append(str(path))
        if re.search(r'\sstyle="|\son[a-z]+="|hx-on', text):
            offenders.append(str(path))
    assert offenders == []


def test_api_docs_work_offline_from_our_own_static_files(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    scripts = re.findall(r'<script src="([^"]+)"', response.text)
    assert scripts
    assert not [src for src in scripts if src.startswith(("http:", "https:", "//"))]
    for src in scripts:
        if src.startswith("/static/"):
            assert finders.find(src.removeprefix("/static/")), src
    assert "'unsafe-inline'" not in policy(response)["script-src"]


def test_the_api_root_lists_its_entry_points(client):
    response = client.get("/api/v1/")

    assert response.status_code == 200
    assert response.json()["docs"].endswith("/api/v1/docs/")
    assert response.json()["listings"].endswith("/api/v1/listings/")


def test_check_deploy_passes_with_documented_production_settings():
    # DJANGO_ALLOW_ASYNC_UNSAFE is the browser tests' (Playwright), never a deployment's.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RAZORPAY_", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="odop_bazaar.settings")
    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout


def test_production_hsts_is_a_year_with_subdomains():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAZORPAY_", "DEBUG"))}
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="odop_bazaar.settings")
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.split() == ["31536000", "True", "True"], out.stderr
