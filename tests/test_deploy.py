"""deploy/ checked statically (no Docker engine here): the compose file and the systemd units
start web, one worker per queue of the settings, and beat, with health checks; the units also
pass `systemd-analyze verify` where it exists."""

import configparser
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
UNITS = DEPLOY / "systemd"
CELERY_WORKER = ["celery", "-A", "odop_bazaar", "worker"]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def worker_queue(command: list[str]) -> str | None:
    """The queue a `celery worker -Q <queue>` command serves; None for any other command."""
    if command[:4] != CELERY_WORKER:
        return None
    return command[command.index("-Q") + 1]


def test_compose_has_every_service_of_the_stack(compose):
    assert {
        "web",
        "beat",
        "migrate",
        "db",
        "db-replica",
        "redis",
        "objects",
        *(f"worker-{queue}" for queue in settings.WORK_QUEUES),
    } <= set(compose["services"])


def test_compose_runs_one_worker_per_queue_of_the_settings(compose):
    served = {
        name: worker_queue(service.get("command", []))
        for name, service in compose["services"].items()
        if worker_queue(service.get("command", []))
    }

    assert sorted(served.values()) == sorted(settings.WORK_QUEUES)
    for name, queue in served.items():
        assert name == f"worker-{queue}"
        check = " ".join(compose["services"][name]["healthcheck"]["test"])
        # Each worker pings itself by the node name it was given.
        command = compose["services"][name]["command"]
        node = command[command.index("-n") + 1]
        assert node == f"{queue}@%h"
        assert f"inspect ping -d {queue}@$$HOSTNAME" in check


def test_compose_web_checks_its_health_endpoint_and_waits_for_its_services(compose):
    web = compose["services"]["web"]

    assert web["command"][:2] == ["gunicorn", "odop_bazaar.wsgi"]
    assert "http://127.0.0.1:8000/healthz/" in " ".join(web["healthcheck"]["test"])
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert web["depends_on"]["redis"]["condition"] == "service_healthy"
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    env = web["environment"]
    assert "@db:5432/" in env["DATABASE_URL"]
    assert "@db-replica:5432/" in env["DATABASE_REPLICA_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:")
    assert env["DEBUG"] == "0"


def test_compose_services_keep_their_data_in_declared_volumes(compose):
    declared = set(compose["volumes"])
    used = set()
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith((".", "/")):
                used.add(source)
            else:
                assert (DEPLOY / source).exists(), f"{name} mounts a missing {source}"
    assert used == declared
    for stateful in ("db", "db-replica", "redis", "objects"):
        assert compose["services"][stateful]["volumes"], stateful
    # Web and the images worker share the raw uploads until the worker has cleaned them.
    for name in ("web", "worker-images"):
        assert any(v.endswith(":/app/private_media") for v in compose["services"][name]["volumes"])


def test_compose_health_checks_for_the_services_others_wait_on(compose):
    for name in ("db", "db-replica", "redis", "web"):
        assert compose["services"][name]["healthcheck"]["test"], name
    beat = compose["services"]["beat"]
    assert beat["command"][:4] == ["celery", "-A", "odop_bazaar", "beat"]
    assert beat["deploy"]["replicas"] == 1  # two beats would run every periodic task twice


def read_unit(path: Path) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str  # systemd keys are case-sensitive
    unit.read(path)
    return unit


def test_a_systemd_unit_per_worker_queue_with_the_settings_queues():
    served = {}
    for path in UNITS.glob("odop-worker-*.service"):
        command = shlex.split(read_unit(path)["Service"]["ExecStart"])
        command[0] = Path(command[0]).name
        if worker_queue(command):
            served[path.name] = worker_queue(command)

    assert sorted(served.values()) == sorted(settings.WORK_QUEUES)
    for name, queue in served.items():
        assert name == f"odop-worker-{queue}.service"


def test_systemd_units_share_one_environment_and_restart():
    target = read_unit(UNITS / "odop-bazaar.target")
    wanted = set(target["Unit"]["Wants"].split())
    services = {p.name for p in UNITS.glob("*.service")} - {
        "odop-migrate.service",  # pulled in by web
        "odop-worker-health.service",  # started by its timer
    }

    assert services <= wanted
    assert "odop-worker-health.timer" in wanted
    for name in services:
        unit = read_unit(UNITS / name)
        assert unit["Service"]["EnvironmentFile"] == "/etc/odop-bazaar/env", name
        assert unit["Service"]["Restart"] == "always", name
        assert unit["Install"]["WantedBy"] == "odop-bazaar.target", name
    web = read_unit(UNITS / "odop-web.service")
    assert "odop-migrate.service" in web["Unit"]["Requires"]
    health = read_unit(UNITS / "odop-worker-health.service")
    assert health["Service"]["ExecStart"].endswith("manage.py worker_health --timeout 5")


def test_systemd_env_example_names_settings_that_exist():
    names = {
        line.split("=", 1)[0]
        for line in (UNITS / "env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    package = Path(settings.BASE_DIR) / "odop_bazaar"
    source = "".join((package / name).read_text() for name in ("settings.py", "media_storage.py"))
    missing = {n for n in names if not re.search(rf'"{n}"', source)}
    assert not missing


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_systemd_units_pass_systemd_analyze_verify(tmp_path):
    """systemd's own parser, with /srv/odop-bazaar standing for a folder whose .venv has the
    programs the units run."""
    root = tmp_path / "srv"
    (root / ".venv" / "bin").mkdir(parents=True)
    for program in ("python", "celery", "gunicorn"):
        (root / ".venv" / "bin" / program).symlink_to(Path(sys.executable).parent / program)
    units = tmp_path / "units"
    units.mkdir()
    for path in UNITS.iterdir():
        if path.suffix in (".service", ".timer", ".target"):
            text = path.read_text().replace("/srv/odop-bazaar", str(root))
            (units / path.name).write_text(text)

    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *sorted(p.name for p in units.iterdir())],
        cwd=units,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
