"""Record ``dmvpngen check`` reports, text and JSON, and compare two records (not a test).

    python bench/check_identity.py record DIR [--extra NET_DIR ...]
    python bench/check_identity.py compare OLD_DIR NEW_DIR

A speed change to ``check`` must leave every report byte-identical: run ``record`` before the
change and after it, then ``compare``. The inputs are every shipped inventory (rendered in
memory), every real matched set of tests/check/corpus, every routing fixture of
tests/check/routes_fixtures, and any generated network folders given with ``--extra``; the
JSON reports carry the routing section with each failover case (lost flows, the path that takes
over).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def inputs(extra: list[str]) -> dict[str, Path]:
    """Report name -> input (an inventory file or a folder of configs)."""
    out = {f"inventory-{p.stem}": p for p in sorted((ROOT / "inventories").glob("*.yml"))}
    for group in ("corpus", "routes_fixtures"):
        for d in sorted((ROOT / "tests" / "check" / group).iterdir()):
            if d.is_dir():
                out[f"{group}-{d.name}"] = d
    for e in extra:
        out[f"extra-{Path(e).resolve().parent.name}-{Path(e).name}"] = Path(e)
    return out


def _shown(path: Path) -> str:
    """``path`` relative to the checkout when inside it: reports name files as given, and two
    checkouts (before and after) must give the same names."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def record(folder: Path, extra: list[str]) -> None:
    """Write ``NAME.txt`` and ``NAME.json`` (and the exit code) for every input."""
    folder.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="120")
    for name, path in inputs(extra).items():
        for fmt in ("text", "json"):
            done = subprocess.run(
                [sys.executable, "-m", "dmvpngen", "check", "--format", fmt, _shown(path)],
                capture_output=True,
                env=env,
                cwd=ROOT,
                check=False,
            )
            suffix = "txt" if fmt == "text" else "json"
            body = (
                done.stdout
                + b"\n--- stderr\n"
                + done.stderr
                + f"\n--- exit {done.returncode}\n".encode()
            )
            (folder / f"{name}.{suffix}").write_bytes(body)
        print(name, flush=True)


def compare(old: Path, new: Path) -> int:
    """0 when both records hold the same files with the same bytes."""
    a = {p.name: p.read_bytes() for p in old.iterdir()}
    b = {p.name: p.read_bytes() for p in new.iterdir()}
    bad = sorted(n for n in a.keys() | b.keys() if a.get(n) != b.get(n))
    for n in bad:
        print(f"differs: {n}")
    print(f"{len(a)} reports before, {len(b)} after, {len(bad)} differ")
    return 1 if bad else 0


def main() -> None:
    """Parse the command line and run ``record`` or ``compare``."""
    parser = argparse.ArgumentParser(description="record and compare check reports")
    sub = parser.add_subparsers(dest="cmd", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("folder", type=Path)
    rec.add_argument("--extra", action="append", default=[])
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("old", type=Path)
    cmp_.add_argument("new", type=Path)
    args = parser.parse_args()
    if args.cmd == "record":
        record(args.folder, args.extra)
    else:
        sys.exit(compare(args.old, args.new))


if __name__ == "__main__":
    main()
