"""axe-core, pinned, from the npm registry (see :mod:`tests.browser.npm`), run in the page.

The PyPI wrappers bundle an axe-core from 2019, so the engine comes straight from npm.
"""

from tests.browser.npm import NpmPackage, unpacked

AXE = NpmPackage(
    name="axe-core",
    version="4.14.1",
    # `npm view axe-core@4.14.1 dist.integrity`: a tampered or different tarball is refused.
    integrity="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJ"
    "pZe37OgudVGtQ==",
)
# WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_script() -> str:
    """The source of ``axe.min.js`` from the pinned, verified package."""
    return (unpacked(AXE) / "axe.min.js").read_text(encoding="utf-8")


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
