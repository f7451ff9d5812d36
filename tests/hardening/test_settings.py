"""Settings a deployment must fail closed on: checked by starting Django in a child process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "test-only-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ",
    "ALLOWED_HOSTS": "odop.example",
    "RAZORPAY_KEY_SECRET": "test-key-secret",
    "RAZORPAY_WEBHOOK_SECRET": "test-webhook-secret",
}


def start_django(**overrides: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAZORPAY_", "DEBUG"))}
    env["DJANGO_SETTINGS_MODULE"] = "odop_bazaar.settings"
    for name, value in {**PRODUCTION, **overrides}.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    code = "import django; django.setup(); from django.conf import settings; print(settings.RAZORPAY_WEBHOOK_SECRET)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_settings_start_with_every_secret_given():
    started = start_django()
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "test-webhook-secret"


@pytest.mark.parametrize("missing", ["RAZORPAY_WEBHOOK_SECRET", "RAZORPAY_KEY_SECRET"])
def test_a_missing_payment_secret_stops_a_production_start(missing):
    started = start_django(**{missing: None})
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert missing in started.stderr


def test_a_real_key_without_its_webhook_secret_stops_even_a_debug_start():
    started = start_django(DEBUG="True", RAZORPAY_KEY_ID="rzp_live_x", RAZORPAY_WEBHOOK_SECRET=None)
    assert started.returncode != 0
    assert "RAZORPAY_WEBHOOK_SECRET" in started.stderr


def test_development_falls_back_to_the_fake_gateways_constants():
    started = start_django(
        DEBUG="True", RAZORPAY_KEY_SECRET=None, RAZORPAY_WEBHOOK_SECRET=None, SECRET_KEY=None
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "fake-webhook-secret"
