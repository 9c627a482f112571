"""Report formats for ``dmvpngen lint``: rich text, JSON, SARIF 2.1.0 and JUnit XML."""

from __future__ import annotations

__all__ = ["DOCS_URL", "SARIF_LEVEL", "SECURITY_SEVERITY", "rule_doc", "rule_doc_url"]

from pathlib import Path

from dmvpngen.lint.registry import Severity

# Where rule pages are published (the repository's docs/rules folder).
DOCS_URL = "https://github.com/dmvpngen/dmvpngen/blob/main/docs/rules"

# lint-rules.md: severity -> SARIF level and GitHub security-severity.
SARIF_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}


def rule_doc_url(code: str) -> str:
    """The published doc page of a rule."""
    return f"{DOCS_URL}/{code}.md"


def rule_doc(code: str) -> str | None:
    """The doc page text of a rule: shipped in the wheel, else the source tree's docs/rules."""
    here = Path(__file__).resolve()
    for folder in (here.parents[2] / "docs" / "rules", here.parents[3] / "docs" / "rules"):
        page = folder / f"{code}.md"
        if page.is_file():
            return page.read_text(encoding="utf-8")
    return None
