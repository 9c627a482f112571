"""SARIF 2.1.0 output for check findings (one run, one rule per NET code used)."""

from __future__ import annotations

from typing import Any

from dmvpngen import __version__
from dmvpngen.check.catalogue import CATALOGUE
from dmvpngen.check.model import CheckResult

__all__ = ["to_sarif"]

_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}


def to_sarif(result: CheckResult) -> dict[str, Any]:
    """The SARIF log for ``result``; deterministic (no timestamps)."""
    codes = sorted({f.code for f in result.findings})
    rules = [
        {
            "id": code,
            "name": code,
            "shortDescription": {"text": CATALOGUE[code][1]},
            "defaultConfiguration": {"level": _LEVEL[CATALOGUE[code][0]]},
            "helpUri": "https://github.com/dmvpngen/dmvpngen/blob/main/docs/check.md",
        }
        for code in codes
    ]
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for f in result.findings:
        region: dict[str, Any] = {"startLine": f.line} if f.line else {}
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": f.file}}}
        if region:
            location["physicalLocation"]["region"] = region
        results.append(
            {
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": _LEVEL[f.severity],
                "message": {"text": f"{f.device}: {f.message}"},
                "locations": [location],
                "properties": {"severity": f.severity, "device": f.device, "peer": f.peer},
            }
        )
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dmvpngen-check",
                        "version": __version__,
                        "informationUri": "https://github.com/dmvpngen/dmvpngen",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
