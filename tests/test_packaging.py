"""The image's recipe agrees with the project, checked without a Docker engine: the lock pins every
runtime dependency (and theirs) at a version pyproject allows, with hashes; the Dockerfile installs
from it and serves without migrating; the build context leaves the venv and databases out."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.M)


def locked() -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in PIN.findall((ROOT / "requirements.lock").read_text())}


def runtime_requirements() -> list[Requirement]:
    return [Requirement(line) for line in PYPROJECT["project"]["dependencies"]]


def test_the_lock_pins_every_runtime_dependency_at_an_allowed_version() -> None:
    pins = locked()
    for requirement in runtime_requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements.lock: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), \
            f"requirements.lock pins {name}=={pins[name]}, outside {requirement}: run `make lock`"
    assert not any(canonicalize_name(r) in pins for r in ("pytest", "hypothesis")), "test tools are not in the image"


def test_the_lock_holds_what_the_dependencies_need_with_hashes() -> None:
    """Everything the runtime dependencies pull in (as installed here) is pinned too, so
    ``--require-hashes`` installs the lock alone without reaching for anything unpinned."""
    pins, environment = locked(), default_environment()
    wanted, seen = [(r, frozenset(r.extras)) for r in runtime_requirements()], set()
    while wanted:
        requirement, extras = wanted.pop()
        name = canonicalize_name(requirement.name)
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        assert name in pins, f"{name} (needed by a runtime dependency) is not in requirements.lock: run `make lock`"
        for line in metadata.requires(requirement.name) or []:
            needed = Requirement(line)
            if needed.marker is None or any(needed.marker.evaluate({**environment, "extra": e})
                                             for e in (extras or {""})):
                wanted.append((needed, frozenset(needed.extras)))
    text = (ROOT / "requirements.lock").read_text()
    for block in re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 6)[-1]):
        if PIN.match(block):
            assert "--hash=sha256:" in block, f"no hash for {block.splitlines()[0]}"


def test_the_dockerfile_installs_the_lock_then_the_package_and_serves_without_migrating() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    steps = [line.strip() for line in dockerfile.splitlines()]
    install_lock = next(i for i, s in enumerate(steps) if "pip install" in s and "-r requirements.lock" in s)
    install_package = next(i for i, s in enumerate(steps) if "pip install" in s and "--no-deps ." in s)
    assert "--require-hashes" in steps[install_lock] and install_lock < install_package
    assert steps.index("COPY requirements.lock ./") < install_lock
    cmd = next(line for line in dockerfile.splitlines() if line.startswith("CMD "))  # not HEALTHCHECK's
    assert '"wallet", "serve"' in cmd and '"--no-migrate"' in cmd
    base = re.search(r"^FROM python:(\d+\.\d+)", dockerfile, re.M)
    header = re.search(r"pip-compile with Python (\d+\.\d+)", (ROOT / "requirements.lock").read_text())
    assert base and header and base.group(1) == header.group(1), "the lock is for the image's Python"
    for copied in re.findall(r"^COPY (\S+)", dockerfile, re.M):
        assert (ROOT / copied).exists(), f"the Dockerfile copies {copied}, which is not in the project"


def test_the_build_context_leaves_out_the_venv_databases_and_history() -> None:
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")}
    assert {".venv", ".git", "var/", "*.db", "**/*.db", "**/__pycache__"} <= ignored
    assert not ignored & {"src", "migrations", "requirements.lock", "pyproject.toml", "README.md", "LICENSE"}


def test_the_commands_the_image_and_the_migration_job_run_exist() -> None:
    from wallet.cli import app

    runner = CliRunner()
    assert "--no-migrate" in runner.invoke(app, ["serve", "--help"]).output
    assert runner.invoke(app, ["migrate", "--help"]).exit_code == 0
    assert "--once" in runner.invoke(app, ["deliver-webhooks", "--help"]).output


def test_the_licence_is_apache_2_and_said_so() -> None:
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    licence = (ROOT / "LICENSE").read_text()
    assert "Apache License" in licence and "Version 2.0, January 2004" in licence
    assert "Apache-2.0" in (ROOT / "README.md").read_text()
    assert "make lock" in (ROOT / "requirements.lock").read_text()
    assert re.search(r"^lock:", (ROOT / "Makefile").read_text(), re.M)
