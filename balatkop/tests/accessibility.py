"""Run axe-core (WCAG 2.1 A/AA rules) in the browser page and return serious problems."""

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def serious_violations(page) -> list[str]:
    """Serious or critical WCAG 2.1 A/AA violations on the current page, one line each."""
    # Evaluated through the DevTools protocol, so our CSP (no inline scripts) still holds.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations'],
        })"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
