"""The advisory table of docs/advisories.md, written from the shipped data so the two never drift.

``pytest tests/advisories --update-goldens`` rewrites the block between the markers of the page;
without it, the test fails when the page and the data disagree.
"""

from __future__ import annotations

from pathlib import Path

from dmvpngen.advisories.features import FEATURES
from dmvpngen.advisories.release import Release, parse_release
from dmvpngen.advisories.table import Advisory, AdvisoryTable, AffectedRange, load_table

__all__ = ["BEGIN", "END", "markdown_table", "rewrite"]

BEGIN = "<!-- advisory-table: generated from dmvpngen/data/advisories.json -->"
END = "<!-- advisory-table: end -->"
_FAMILY = {"ios": "IOS", "xe3": "XE", "xe": "XE"}


def _train(text: str) -> str:
    found = parse_release(text)
    assert found is not None  # checked when the table was loaded
    return f"{_FAMILY[found.family.value]} {text}"


def _range(rng: AffectedRange) -> str:
    trains = _train(rng.from_) if rng.from_ == rng.to else f"{_train(rng.from_)}-{rng.to}"
    if rng.first_affected or rng.last_affected:
        trains += f" ({rng.first_affected or '...'} to {rng.last_affected or '...'})"
    if rng.first_fixed:
        return f"{trains}: fixed in {rng.first_fixed}"
    return f"{trains}: no fix named"


def _releases(releases: tuple[str, ...]) -> str:
    trains: dict[tuple[int, int, str], list[Release]] = {}
    for text in releases:
        found = parse_release(text)
        assert found is not None  # checked when the table was loaded
        trains.setdefault((found.major, found.minor, found.letters), []).append(found)
    parts = [
        f"{major}.{minor}{letters} ({len(rels)}, highest {max(rels, key=lambda r: r.key).text})"
        for (major, minor, letters), rels in sorted(trains.items())
    ]
    return f"list of {len(releases)} affected releases: " + ", ".join(parts)


def _needs(adv: Advisory) -> str:
    return " or ".join(" + ".join(FEATURES[f] for f in group) for group in adv.conditions)


def markdown_table(table: AdvisoryTable | None = None) -> str:
    """The Markdown table: one row per advisory, oldest first, as the data holds it."""
    table = table or load_table()
    rows = [
        "| advisory | CVE | published | topic | applies with | affected, and the first fixed "
        "release per train |",
        "|---|---|---|---|---|---|",
    ]
    for adv in sorted(table.advisories, key=lambda a: (a.published, a.id)):
        parts = [_range(r) for r in adv.affected]
        if adv.releases:
            parts.append(_releases(adv.releases))
        if adv.unlisted:
            parts.append(
                "no release recorded: Cisco's record names none (check the release "
                "with the Cisco Software Checker)"
            )
        rows.append(
            f"| [{adv.id}]({adv.url}) | {', '.join(adv.cves)} | {adv.published} | "
            f"{'/'.join(adv.topics)} | {_needs(adv)} | {'; '.join(parts)} |"
        )
    return "\n".join([BEGIN, f"Table reviewed {table.reviewed}.", "", *rows, END])


def rewrite(page: Path) -> bool:
    """Put the current table between the markers of ``page``; True when it changed."""
    text = page.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise ValueError(f"{page}: no advisory-table markers")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    new = head + markdown_table() + tail
    if new == text:
        return False
    page.write_text(new, encoding="utf-8")
    return True
