"""The JSON report: ``{"findings": [...], "summary": {...}}`` (a contract: keep keys stable)."""

from __future__ import annotations

from typing import Any

from dmvpngen.lint.engine import LintReport

__all__ = ["to_json"]


def to_json(report: LintReport) -> dict[str, Any]:
    """Findings with 1-based lines (0 = the whole file) and a summary."""
    findings = [
        {
            "code": f.code,
            "name": f.name,
            "severity": f.severity.value,
            "file": f.file,
            "line": f.line,
            "device": f.device,
            "message": f.message,
        }
        for f in report.findings
    ]
    summary: dict[str, Any] = {
        "files": len(report.files),
        "findings": len(findings),
        "by_severity": report.counts(),
        "suppressed": sum(r.suppressed for r in report.files),
        "waived": sum(r.waived for r in report.files),
        "fail_on": report.fail_on.value,
        "failed": report.failed,
        "errors": [p.as_dict() for p in report.errors],
        "input_notes": [{"file": r.file, "note": n} for r in report.files for n in r.notes],
    }
    return {"findings": findings, "summary": summary}
