"""SARIF 2.1.0 for GitHub code scanning: rule metadata, help URIs, security-severity and
partial fingerprints that survive lines moving (they hash the code, file and masked line)."""

from __future__ import annotations

import hashlib
from typing import Any

from dmvpngen import __version__
from dmvpngen.lint.engine import LintReport, all_rules
from dmvpngen.lint.registry import Finding, Rule
from dmvpngen.lint.report import DOCS_URL, SARIF_LEVEL, SECURITY_SEVERITY, rule_doc_url

__all__ = ["SARIF_SCHEMA", "to_sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_AREAS = {
    "CRY": "crypto",
    "DMV": "dmvpn",
    "RTA": "routing-auth",
    "MGT": "management",
    "CTL": "control-plane",
    "DAT": "data-plane",
    "LOG": "logging",
    "PAR": "parse",
    "LNT": "lint",
}


def _uri(file: str) -> str:
    if file == "-":
        return "stdin"
    path = file.replace("\\", "/")
    if path.startswith("/"):
        return "file://" + path
    return path[2:] if path.startswith("./") else path


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": rule.summary or rule.name},
        "helpUri": rule_doc_url(rule.code),
        "help": {
            "text": f"{rule.summary} See {rule_doc_url(rule.code)}",
            "markdown": f"{rule.summary}\n\n[{rule.code} documentation]({rule_doc_url(rule.code)})",
        },
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "tags": ["security", _AREAS.get(rule.code[:3], "other"), f"role:{rule.role.value}"],
            "precision": "high",
        },
    }


def _fingerprint(f: Finding, occurrence: int) -> str:
    anchor = f.text if f.line else f.message
    key = "\0".join((f.code, _uri(f.file), " ".join(anchor.split()), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def to_sarif(report: LintReport) -> dict[str, Any]:
    """One SARIF run holding every rule and every finding."""
    known = all_rules()
    rules = {c: known[c] for c in report.active} if report.active else known
    index = {code: i for i, code in enumerate(rules)}
    seen: dict[tuple[str, str, str], int] = {}
    results = []
    for f in report.findings:
        key = (f.code, f.file, f.text if f.line else f.message)
        seen[key] = seen.get(key, 0) + 1
        results.append(
            {
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": SARIF_LEVEL[f.severity],
                "message": {"text": f"{f.message} [{f.device}]" if f.device else f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(f.file)},
                            "region": {"startLine": max(f.line, 1)},
                        }
                    }
                ],
                "partialFingerprints": {"dmvpngenFinding/v1": _fingerprint(f, seen[key])},
                "properties": {
                    "security-severity": SECURITY_SEVERITY[f.severity],
                    "device": f.device,
                },
            }
        )
    notes = [
        {
            "level": "error",
            "message": {"text": p.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(p.file)},
                        **({"region": {"startLine": p.line}} if p.line else {}),
                    }
                }
            ],
        }
        for p in report.errors
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dmvpngen",
                        "version": __version__,
                        "informationUri": DOCS_URL,
                        "rules": [_rule(r) for r in rules.values()],
                    }
                },
                "invocations": [
                    {"executionSuccessful": not notes, "toolExecutionNotifications": notes}
                ],
                "columnKind": "utf16CodeUnits",
                "results": results,
            }
        ],
    }
