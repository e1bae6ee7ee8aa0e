"""Front-end packages the browser tests need, pinned, from the npm registry (never a CDN).

``npm pack NAME@VERSION`` fetches the tarball once into a cache folder; the tarball must
match the registry's published integrity hash (`npm view NAME@VERSION dist.integrity`),
and is unpacked beside it.
"""

import base64
import hashlib
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class NpmPackage:
    name: str
    version: str
    integrity: str

    @property
    def tarball_name(self) -> str:
        return f"{self.name.lstrip('@').replace('/', '-')}-{self.version}.tgz"


def cache_dir() -> Path:
    """$SEQGEN_CACHE_DIR, else ~/.cache/seqgen-course (kept between runs)."""
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "seqgen-course"
    return Path(os.environ.get("SEQGEN_CACHE_DIR", default))


def integrity_of(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch_tarball(package: NpmPackage, folder: Path) -> Path:
    """``npm pack`` the package into ``folder`` unless a verified copy is already there."""
    tarball = folder / package.tarball_name
    if tarball.exists() and integrity_of(tarball.read_bytes()) == package.integrity:
        return tarball
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail(f"npm is needed to fetch {package.name}: make check-book installs it")
    folder.mkdir(parents=True, exist_ok=True)
    spec = f"{package.name}@{package.version}"
    done = subprocess.run(
        [npm, "pack", spec, "--pack-destination", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 or not tarball.exists():
        pytest.fail(f"npm pack {spec} failed:\n{done.stderr[-2000:]}")
    if integrity_of(tarball.read_bytes()) != package.integrity:
        tarball.unlink()
        pytest.fail(f"{tarball.name} does not match the registry's integrity hash")
    return tarball


def unpacked(package: NpmPackage) -> Path:
    """The package's folder (npm's ``package/``), fetched and verified if needed."""
    folder = cache_dir()
    target = folder / package.tarball_name.removesuffix(".tgz")
    tarball = fetch_tarball(package, folder)
    marker = target / ".integrity"
    if not (marker.exists() and marker.read_text() == package.integrity):
        shutil.rmtree(target, ignore_errors=True)
        with tarfile.open(tarball, mode="r:gz") as archive:
            archive.extractall(target, filter="data")
        marker.write_text(package.integrity)
    return target / "package"
