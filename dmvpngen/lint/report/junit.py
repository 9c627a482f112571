"""JUnit XML: one test suite per file, one failing test case per finding at or above the
``--fail-on`` threshold (lower findings are listed as skipped), errors for unreadable files."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dmvpngen.lint.engine import LintReport

__all__ = ["to_junit"]


def to_junit(report: LintReport) -> str:
    """The report as a JUnit XML document (deterministic: no timestamps or durations)."""
    root = ET.Element("testsuites", name="dmvpngen lint")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    groups = [(r.file, r.device, r.findings, r.error) for r in report.files]
    if report.extra:
        groups.append(("waivers", "", report.extra, None))
    for file, device, findings, error in groups:
        suite = ET.SubElement(root, "testsuite", name=file)
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if error is not None:
            case = ET.SubElement(suite, "testcase", classname=file, name="read")
            ET.SubElement(case, "error", message=error.message).text = error.render()
            counts["tests"] += 1
            counts["errors"] += 1
        elif not findings:
            ET.SubElement(suite, "testcase", classname=device or file, name="lint")
            counts["tests"] += 1
        for f in findings:
            case = ET.SubElement(
                suite, "testcase", classname=device or file, name=f"{f.code} {f.name} line {f.line}"
            )
            counts["tests"] += 1
            body = f"{f.file}:{f.line}: [{f.severity.value}] {f.code} {f.message}"
            if f.text:
                body += f"\n    {f.text}"
            if f.severity.rank >= report.fail_on.rank:
                el = ET.SubElement(case, "failure", message=f.message, type=f.severity.value)
                el.text = body
                counts["failures"] += 1
            else:
                ET.SubElement(case, "skipped", message=f"{f.severity.value}: below fail-on")
                counts["skipped"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
