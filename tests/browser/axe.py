"""axe-core (from the npm registry, pinned in package-lock.json; `make setup` runs `npm ci`) run in
the page under test.

The source is evaluated through the DevTools protocol (`page.evaluate`), which the page's
Content-Security-Policy does not govern; `add_script_tag` would add an inline <script> that our
CSP rightly refuses (and the browser fixture fails any test on a refusal).
"""

from functools import cache
from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = {"serious", "critical"}


@cache
def _source() -> str:
    if not AXE_JS.exists():  # a failure, not a skip: CI has npm and `make test` runs `npm ci`
        raise AssertionError(f"{AXE_JS} is missing: run `make setup` (npm ci)")
    return AXE_JS.read_text()


def serious_violations(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """axe's WCAG 2.1 A/AA violations of impact serious or critical on the current page."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source())
    violations = page.evaluate(
        """async (tags) => (await axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
        })).violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary,
                                      html: n.html.slice(0, 160)})),
        }))""",
        WCAG_TAGS,
    )
    return [v for v in violations if v["impact"] in SERIOUS]


def describe(url: str, violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{url}: {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}  {node['html']}")
            lines.append("      " + node["summary"].replace("\n", "\n      "))
    return "\n".join(lines)
