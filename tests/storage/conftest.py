"""An S3-compatible server on loopback (moto's server mode, tests/storage/s3_server.py) started
once for the session, and fixtures that point the storages at it, a bucket pair per test."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from odop_bazaar.media_storage import ObjectStorage
from tests.workers import require_broker_and_postgres, start_worker, stop_worker, worker_env

KEY, SECRET, REGION = "odop-test-key", "odop-test-secret", "ap-south-1"
SERVER = Path(__file__).with_name("s3_server.py")


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """`http://127.0.0.1:<port>` of a moto server subprocess, stopped after the session."""
    log = open(tmp_path_factory.mktemp("s3") / "server.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [sys.executable, str(SERVER)],
        env={**os.environ, "S3_TEST_SECRET": SECRET},
        stdout=subprocess.PIPE,
        stderr=log,
    )
    line = server.stdout.readline().decode()  # "PORT 40123" once listening
    if not line.startswith("PORT "):
        server.kill()
        pytest.fail(f"the S3 server did not start: {line!r}")
    yield f"http://127.0.0.1:{int(line.split()[1])}"
    server.terminate()
    server.wait(timeout=10)
    log.close()


def s3_client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=KEY,
        aws_secret_access_key=SECRET,
        region_name=REGION,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


@pytest.fixture
def object_store(settings, s3_endpoint) -> ObjectStorage:
    """The storages on a fresh public and private bucket of the S3 server, as
    MEDIA_STORAGE_URL would set them; the returned config also gives MEDIA_STORAGE_URL."""
    suffix = uuid.uuid4().hex[:10]
    store = ObjectStorage(
        public_bucket=f"public-{suffix}",
        private_bucket=f"private-{suffix}",
        endpoint_url=s3_endpoint,
        region=REGION,
        access_key=KEY,
        secret_key=SECRET,
        signed_url_seconds=60,
    )
    client = s3_client(s3_endpoint)
    for bucket in (store.public_bucket, store.private_bucket):
        client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
    settings.STORAGES = {**store.storages, "staticfiles": settings.STORAGES["staticfiles"]}
    settings.MEDIA_URL = store.media_url
    return store


def storage_url(store: ObjectStorage) -> str:
    """The MEDIA_STORAGE_URL that gives `store` (for a worker's environment)."""
    host = store.endpoint_url.removeprefix("http://")
    return (
        f"s3://{store.access_key}:{store.secret_key}@{host}/{store.public_bucket}"
        f"?private_bucket={store.private_bucket}&region={store.region}&secure=0"
        f"&signed_url_seconds={store.signed_url_seconds}"
    )


@pytest.fixture
def celery_worker_process(tmp_path, object_store):
    """A real worker given the object store the way a deployment gives it: MEDIA_STORAGE_URL
    in its environment. Its media folders stay empty unless it falls back to disk."""
    require_broker_and_postgres()
    from odop_bazaar.celery import app

    app.control.purge()  # tasks queued by earlier tests of this run refer to rolled-back rows
    env = worker_env(
        MEDIA_STORAGE_URL=storage_url(object_store),
        MEDIA_ROOT=str(tmp_path / "worker-media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "worker-private"),
    )
    worker = start_worker(name="storage", log_path=tmp_path / "worker.log", env=env)
    yield worker
    stop_worker(worker)


def wait_for(predicate, *, seconds: float = 60, worker=None, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        if worker is not None:
            assert worker.poll() is None, log.read_text() if log else "the worker died"
        time.sleep(0.2)
