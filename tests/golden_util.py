"""Golden-file comparison: expected files checked in, ``.actual`` written beside on mismatch."""

from __future__ import annotations

from pathlib import Path


def compare_golden(expected: Path, actual_text: str, update: bool) -> None:
    """Assert ``actual_text`` equals the golden file (or rewrite it with --update-goldens)."""
    actual_path = expected.with_name(expected.name + ".actual")
    if update:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(actual_text, encoding="utf-8")
        actual_path.unlink(missing_ok=True)
        return
    if not expected.exists():
        actual_path.parent.mkdir(parents=True, exist_ok=True)
        actual_path.write_text(actual_text, encoding="utf-8")
        raise AssertionError(f"no golden file {expected}; run pytest --update-goldens")
    if expected.read_text(encoding="utf-8") != actual_text:
        actual_path.write_text(actual_text, encoding="utf-8")
        raise AssertionError(
            f"{expected} differs from the output (written to {actual_path}); "
            "review it, then run pytest --update-goldens to accept"
        )
    actual_path.unlink(missing_ok=True)
