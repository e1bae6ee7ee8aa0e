"""axe-core, pinned, from the npm registry: fetched once into a cache folder, then injected.

The PyPI wrappers bundle an axe-core from 2019, so the engine comes straight from npm
(`npm pack`, never a CDN) and is checked against the registry's published integrity hash.
"""

import base64
import hashlib
import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

AXE_VERSION = "4.14.1"
# `npm view axe-core@4.14.1 dist.integrity`: a tampered or different tarball is refused.
AXE_INTEGRITY = (
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37"
    "OgudVGtQ=="
)
# WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def cache_dir() -> Path:
    """Where the tarball is kept between runs: $SEQGEN_CACHE_DIR or ~/.cache/seqgen-course."""
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "seqgen-course"
    return Path(os.environ.get("SEQGEN_CACHE_DIR", default))


def integrity_of(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch_tarball(folder: Path) -> Path:
    """``npm pack axe-core@VERSION`` into ``folder`` unless a verified copy is already there."""
    tarball = folder / f"axe-core-{AXE_VERSION}.tgz"
    if tarball.exists() and integrity_of(tarball.read_bytes()) == AXE_INTEGRITY:
        return tarball
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is needed to fetch axe-core: make check-book installs it (apt: npm)")
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 or not tarball.exists():
        pytest.fail(f"npm pack axe-core@{AXE_VERSION} failed:\n{done.stderr[-2000:]}")
    if integrity_of(tarball.read_bytes()) != AXE_INTEGRITY:
        tarball.unlink()
        pytest.fail(f"axe-core-{AXE_VERSION}.tgz does not match the registry's integrity hash")
    return tarball


def axe_script() -> str:
    """The source of ``axe.min.js`` from the pinned, verified tarball."""
    tarball = fetch_tarball(cache_dir())
    with tarfile.open(fileobj=io.BytesIO(tarball.read_bytes()), mode="r:gz") as archive:
        return archive.extractfile("package/axe.min.js").read().decode("utf-8")


RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(r => done(r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                impact: n.impact, summary: n.failureSummary || ''}))}))))
  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
"""


def run_axe(driver, script: str) -> list[dict]:
    """Inject axe-core into the current page and return its WCAG A/AA violations."""
    if not driver.execute_script("return typeof window.axe !== 'undefined'"):
        driver.execute_script(script)
    driver.set_script_timeout(120)
    return driver.execute_async_script(RUN_AXE, WCAG_TAGS)


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe(page: str, mode: str, violations: list[dict]) -> str:
    """One line per offending element: page, mode, rule, impact, element and why."""
    lines = []
    for v in violations:
        for node in v["nodes"] or [{"target": "-", "html": "", "summary": ""}]:
            why = node["summary"].replace("\n", " ")[:200]
            lines.append(
                f"{page} [{mode}] {v['id']} ({v['impact']}): {v['help']}\n"
                f"    element {node['target']}: {node['html']}\n    {why}"
            )
    return "\n".join(lines)
