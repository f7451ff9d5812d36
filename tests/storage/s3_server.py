"""An S3-compatible server on loopback for the storage tests: moto's server mode, with the
check of presigned URLs that moto leaves out.

Run as `python tests/storage/s3_server.py`; it prints "PORT <n>" once listening. Moto (5.2.5)
refuses an anonymous GET of an object without a public-read ACL, but it lets any URL carrying
`Signature=` through, whatever the signature and however old (moto/s3/responses.py,
`_key_response`). Real S3 refuses both, so this wrapper does what S3 does with a SigV4 query
signature: recompute it with botocore from the one key pair of the suite (S3_TEST_KEY,
S3_TEST_SECRET) and refuse a mismatch or an expired URL with 403 before moto sees the request.
"""

import datetime
import os
import sys
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from botocore.auth import SIGV4_TIMESTAMP, S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import make_server

QUERY_AUTH = {
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
    "X-Amz-Security-Token",
}


def _error(start_response: Callable, code: str, message: str) -> list[bytes]:
    body = f"<Error><Code>{code}</Code><Message>{message}</Message></Error>".encode()
    start_response("403 Forbidden", [("Content-Type", "application/xml")])
    return [body]


def presigned_url_problem(environ: dict[str, Any], secret: str) -> tuple[str, str] | None:
    """Why S3 would refuse this presigned request, or None if it is well signed and fresh."""
    params = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    given = dict(params)
    try:
        signed_at = datetime.datetime.strptime(given["X-Amz-Date"], SIGV4_TIMESTAMP).replace(
            tzinfo=datetime.UTC
        )
        expires = int(given["X-Amz-Expires"])
        access_key, _date, region, _service, _ = given["X-Amz-Credential"].split("/")
    except (KeyError, ValueError):
        return "AuthorizationQueryParametersError", "Malformed presigned URL."
    now = datetime.datetime.now(datetime.UTC)
    if now > signed_at + datetime.timedelta(seconds=expires):
        return "AccessDenied", "Request has expired"
    # Sign the same request again with the same timestamp, as S3 does, and compare.
    query = urlencode([(key, value) for key, value in params if key not in QUERY_AUTH])
    path = environ.get("RAW_URI", environ.get("PATH_INFO", "/")).split("?", 1)[0]
    request = AWSRequest(
        method=environ["REQUEST_METHOD"],
        url=f"http://{environ['HTTP_HOST']}{path}" + (f"?{query}" if query else ""),
        headers={"host": environ["HTTP_HOST"]},
    )
    request.context["timestamp"] = given["X-Amz-Date"]
    auth = S3SigV4QueryAuth(Credentials(access_key, secret), "s3", region, expires=expires)
    auth._modify_request_before_signing(request)
    canonical = auth.canonical_request(request)
    expected = auth.signature(auth.string_to_sign(request, canonical), request)
    if expected != given.get("X-Amz-Signature"):
        return "SignatureDoesNotMatch", "The request signature we calculated does not match."
    return None


def with_presigned_url_check(app: Callable, secret: str) -> Callable:
    def checked(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        signed_by_query = "X-Amz-Signature=" in environ.get("QUERY_STRING", "")
        if signed_by_query and "HTTP_AUTHORIZATION" not in environ:
            problem = presigned_url_problem(environ, secret)
            if problem:
                return _error(start_response, *problem)
        return app(environ, start_response)

    return checked


def main() -> None:
    app = with_presigned_url_check(
        DomainDispatcherApplication(create_backend_app), os.environ["S3_TEST_SECRET"]
    )
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=MotoRequestHandler)
    sys.stdout.write(f"PORT {server.server_address[1]}\n")  # read by tests/storage/conftest.py
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
