"""The outside test's battery, rerunnable against a running ODOP Bazaar.

    .venv/bin/python bench/reliability.py http://127.0.0.1:8000 [--email E --password P]

Each check prints PASS, FAIL or SKIP; the exit status is 1 if any check failed. With a buyer's
e-mail and password (any account that can log in) the API body checks run too. It only reads
pages, tries wrong passwords for made-up addresses, sends bad bodies and a forged webhook: it
leaves no order, payment or account behind (sign-up only e-mails the addresses it is given).
"""

import argparse
import re
import sys
import uuid
from collections.abc import Callable

import requests

Check = Callable[[str, requests.Session], str | None]  # None: passed; text: why it failed
CHECKS: list[tuple[str, Check]] = []


class Skip(Exception):
    pass


def check(name: str):
    def register(function: Check) -> Check:
        CHECKS.append((name, function))
        return function

    return register


def csrf_token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=30)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if not match:
        raise AssertionError(f"no CSRF token on {url}")
    return match.group(1)


@check("every page carries a strict Content-Security-Policy and nosniff")
def headers(base: str, session: requests.Session) -> str | None:
    for path in ("/", "/hi/", "/search/?q=attar", "/accounts/login/"):
        response = session.get(base + path, timeout=30)
        csp = response.headers.get("Content-Security-Policy", "")
        if "default-src 'self'" not in csp or "'unsafe-inline'" in csp.split("style-src")[0]:
            return f"{path}: Content-Security-Policy is {csp!r}"
        if response.headers.get("X-Content-Type-Options") != "nosniff":
            return f"{path}: no X-Content-Type-Options: nosniff"
        if base.startswith("https:") and "max-age=31536000" not in response.headers.get(
            "Strict-Transport-Security", ""
        ):
            return f"{path}: HSTS shorter than a year"
    return None


@check("the crawl and a fuzz of search parameters give no 5xx")
def crawl(base: str, session: requests.Session) -> str | None:
    odd = ["", "x" * 5000, "%00", "NaN", "-1", "1e309", "☃", "' OR 1=1 --", "<script>", "[]"]
    paths = ["/", "/hi/", "/cart/", "/sell/", "/api/v1/", "/api/v1/listings/", "/api/v1/states/"]
    for value in odd:
        for parameter in ("q", "min_price", "max_price", "page", "sort", "state", "in_stock"):
            paths.append(f"/search/?{parameter}={requests.utils.quote(value)}")
    for path in paths:
        status = session.get(base + path, timeout=60).status_code
        if status >= 500:
            return f"{path}: {status}"
    return None


def _locked_out(base: str, login_path: str) -> str | None:
    session = requests.Session()
    email = f"battery-{uuid.uuid4().hex[:10]}@example.invalid"
    for attempt in range(8):
        token = csrf_token(session, base + login_path)
        response = session.post(
            base + login_path,
            data={"csrfmiddlewaretoken": token, "username": email, "password": f"wrong{attempt}"},
            headers={"Referer": base + login_path},
            timeout=30,
        )
        if response.status_code >= 500:
            return f"{login_path}: {response.status_code}"
        if "Too many failed log-ins" in response.text:
            return None if attempt >= 4 else f"{login_path}: locked after {attempt + 1} tries"
    return f"{login_path}: 8 wrong passwords in a row and no lock"


@check("the site's log-in locks an account after repeated wrong passwords")
def site_login(base: str, session: requests.Session) -> str | None:
    return _locked_out(base, "/accounts/login/")


@check("the admin's log-in locks the same way")
def admin_login(base: str, session: requests.Session) -> str | None:
    return _locked_out(base, "/admin/login/")


@check("sign-up answers the same for a new and a taken address")
def signup(base: str, session: requests.Session) -> str | None:
    if not ARGS.email:
        raise Skip("give --email (a taken address) to compare")
    answers = []
    for email in (f"battery-{uuid.uuid4().hex[:10]}@example.invalid", ARGS.email):
        fresh = requests.Session()
        token = csrf_token(fresh, base + "/accounts/signup/")
        response = fresh.post(
            base + "/accounts/signup/",
            data={
                "csrfmiddlewaretoken": token,
                "email": email,
                "full_name": "Battery Test",
                "preferred_language": "en",
                "password1": "a long battery pass 1984",
                "password2": "a long battery pass 1984",
            },
            headers={"Referer": base + "/accounts/signup/"},
            allow_redirects=False,
            timeout=30,
        )
        answers.append((response.status_code, response.headers.get("Location")))
    return None if answers[0] == answers[1] else f"answers differ: {answers}"


@check("a forged payment webhook is refused with a 4xx")
def webhook(base: str, session: requests.Session) -> str | None:
    body = '{"event": "payment.captured", "payload": {"payment": {"entity": {"order_id": "x"}}}}'
    response = session.post(
        base + "/payments/razorpay/webhook/",
        data=body,
        headers={"Content-Type": "application/json", "X-Razorpay-Signature": "forged"},
        timeout=30,
    )
    return None if 400 <= response.status_code < 500 else f"status {response.status_code}"


def logged_in() -> requests.Session:
    if not (ARGS.email and ARGS.password):
        raise Skip("give --email and --password of an account")
    session = requests.Session()
    token = csrf_token(session, BASE + "/accounts/login/")
    session.post(
        BASE + "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": ARGS.email, "password": ARGS.password},
        headers={"Referer": BASE + "/accounts/login/"},
        timeout=30,
    )
    if "sessionid" not in session.cookies:
        raise Skip("could not log in with the account given")
    return session


@check("bad API bodies get 400 or 413 in the one error shape, never 5xx")
def api_bodies(base: str, session: requests.Session) -> str | None:
    session = logged_in()
    headers = {
        "Content-Type": "application/json",
        "X-CSRFToken": session.cookies.get("csrftoken", ""),
        "Referer": base + "/",
        "Idempotency-Key": "battery-" + uuid.uuid4().hex[:12],
    }
    bodies = {
        "nested 1,000 deep": ("[" * 1000 + "]" * 1000, 400),
        "an array": ("[1, 2]", 400),
        "a string": ('"stock"', 400),
        "cut short": ('{"listing": ', 400),
        "200 KB": ('{"x": "' + "y" * 200_000 + '"}', 413),
    }
    for method, path in (("put", "/api/v1/cart/"), ("post", "/api/v1/orders/")):
        for name, (body, expected) in bodies.items():
            response = session.request(method, base + path, data=body, headers=headers, timeout=30)
            if response.status_code != expected:
                return f"{method.upper()} {path} with {name}: {response.status_code}"
            try:
                response.json()["error"]["message"]
            except (ValueError, KeyError, TypeError):
                return f"{method.upper()} {path} with {name}: not the error shape"
    return None


def main(argv: list[str] | None = None) -> int:
    global ARGS, BASE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--email", default="")
    parser.add_argument("--password", default="")
    ARGS = parser.parse_args(argv)
    BASE = ARGS.base_url.rstrip("/")
    failed = 0
    for name, function in CHECKS:
        try:
            problem = function(BASE, requests.Session())
        except Skip as why:
            print(f"SKIP  {name}: {why}")
            continue
        except (requests.RequestException, AssertionError) as error:
            problem = str(error)
        print(f"{'FAIL' if problem else 'PASS'}  {name}{': ' + problem if problem else ''}")
        failed += bool(problem)
    return 1 if failed else 0


ARGS = argparse.Namespace(email="", password="")
BASE = ""

if __name__ == "__main__":
    sys.exit(main())
