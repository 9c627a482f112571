"""docs/advisories.md lists the shipped table as the data holds it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.advisories.doctable import BEGIN, END, markdown_table, rewrite
from dmvpngen.advisories.table import load_table

PAGE = Path(__file__).resolve().parents[2] / "docs" / "advisories.md"


def test_page_lists_the_shipped_table(update_goldens: bool) -> None:
    if update_goldens:
        rewrite(PAGE)
    text = PAGE.read_text(encoding="utf-8")
    assert markdown_table() in text, "run pytest tests/advisories --update-goldens"
    for advisory in load_table().advisories:
        assert f"[{advisory.id}]({advisory.url})" in text


def test_rows_say_what_the_data_says() -> None:
    table = markdown_table()
    assert table.startswith(BEGIN) and table.endswith(END)
    assert "XE 3.13S: fixed in 3.13.2S" in table
    assert "XE 3.4S (3.4.2S to 3.4.5S): no fix named" in table
    assert "17.3 (19, highest 17.3.8a)" in table  # CVE-2024-20307's and -20308's lists


def test_rewrite_needs_the_markers(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# no markers\n")
    with pytest.raises(ValueError, match="markers"):
        rewrite(page)
    page.write_text(f"head\n{BEGIN}\nold\n{END}\ntail\n")
    assert rewrite(page) and not rewrite(page)
    assert page.read_text().startswith("head\n") and page.read_text().endswith("\ntail\n")
