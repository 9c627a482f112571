"""Whole-process speed of ``dmvpngen lint`` and ``dmvpngen check``, against the floor, the bare
ciscoconfparse2 parse and (optionally) ccat. Not a test: see bench/README.md.

    python bench/bench_speed.py [--runs 5] [--ccat /path/to/ccat/ccat.py --ccat-python PY]

Every figure is a whole process (interpreter start-up included), measured ``--runs`` times after
one warm-up run; medians and minimums are printed, with CPU time (user + system) and peak
memory. Ratios use medians of wall time:

* ``x floor``: against a Python process that only reads the same files and splits their lines;
* ``x library``: against one that parses them with ``CiscoConfParse(lines, syntax="ios")``;
* ``x ccat``: ccat on the 34 real configs, over dmvpngen on the same folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from ipaddress import IPv4Address
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_check import inventory  # noqa: E402
from bench_lint import synthesise  # noqa: E402
from procstat import Figures, measure  # noqa: E402

REAL = HERE.parent.parent / "shared" / "corpus" / "real-configs" / "dmvpn"
PY = sys.executable
FLOOR = (
    "import sys\nfrom pathlib import Path\n"
    "for a in sys.argv[1:]:\n"
    "    p = Path(a)\n"
    "    for f in sorted(p.glob('*.cfg')) if p.is_dir() else [p]:\n"
    "        f.read_text(encoding='utf-8', errors='replace').split('\\n')\n"
)
LIBRARY = FLOOR.replace("import sys\n", "import sys\nfrom ciscoconfparse2 import CiscoConfParse\n")
LIBRARY = LIBRARY.replace(
    "        f.read_text(encoding='utf-8', errors='replace').split('\\n')\n",
    "        lines = f.read_text(encoding='utf-8', errors='replace').split('\\n')\n"
    "        CiscoConfParse(lines, syntax='ios', ignore_blank_lines=False)\n",
)
DMVPNGEN = [PY, "-m", "dmvpngen"]


def big_config(path: Path, megabytes: int) -> Path:
    """One config of about ``megabytes`` MB: a generated hub grown with interfaces and ACLs."""
    base = (HERE.parent / "tests" / "lint" / "generated" / "hub.cfg").read_text(encoding="utf-8")
    head, _, _ = base.rpartition("end\n")
    parts = [head]
    size, n = len(head), 0
    while size < megabytes * 1_000_000:
        n += 1
        a, b = divmod(n, 250)
        block = (
            f"interface GigabitEthernet0/{n}\n description access port {n}\n"
            f" ip address 10.{a % 250}.{b}.1 255.255.255.0\n ip access-group ACL{n % 97} in\n"
            f" no ip redirects\n no shutdown\n!\n"
            f"ip access-list extended ACL{n % 97}\n permit tcp 10.{a % 250}.{b}.0 0.0.0.255 any"
            f" eq 443\n deny ip any any log\n!\n"
        )
        parts.append(block)
        size += len(block)
    parts.append("end\n")
    path.write_text("".join(parts), encoding="utf-8")
    return path


def network(spokes: int, folder: Path) -> Path:
    """Render a 2-hub, ``spokes``-spoke phase 3 network into ``folder`` (one .cfg per router)."""
    import yaml

    from dmvpngen.pipeline import build_network

    folder.mkdir(parents=True, exist_ok=True)
    doc = inventory(spokes, 2)
    # bench_check's addressing stops at 4,096 spokes: a /17 overlay, and /26 LANs that stay
    # inside the 172.16.0.0/12 summary up to 16,384 spokes
    doc["clouds"][0]["subnet"] = "10.128.0.0/17"  # type: ignore[index]
    for i, spoke in enumerate(doc["spokes"]):  # type: ignore[attr-defined]
        spoke["lan"][0]["address"] = f"{IPv4Address('172.16.0.1') + 64 * i}/26"
    inv = folder / f"bench-{spokes}.yml"
    inv.write_text(yaml.safe_dump(doc, sort_keys=False))
    (folder / "bench.secrets.yml").write_text(
        yaml.safe_dump({"psk": "Bench-Only-PSK-0123456789", "admin_secret": "Bench-Only-1"})
    )
    out = folder / "configs"
    out.mkdir(exist_ok=True)
    for name, cfg in build_network(inv).configs.items():
        (out / f"{name}.cfg").write_text(cfg.text, encoding="utf-8")
    return out


def row(fig: Figures, floor: Figures | None, lib: Figures | None, extra: str = "") -> str:
    """One printed line for ``fig``: its figures, then wall and CPU ratios."""
    ratios = ""
    for other, over in ((floor, True), (lib, False)):
        for mine, theirs in ((fig.median, other and other.median), (fig.cpu_median, 0.0)):
            if other is None:
                ratios += "      -"
                continue
            theirs = theirs or other.cpu_median
            ratios += f" {(mine / theirs if over else theirs / mine):6.1f}"
    return (
        f"{fig.label:<24} {len(fig.wall):>4} {fig.median:8.3f} {fig.best:8.3f} "
        f"{fig.cpu_median:8.3f} {fig.peak_mb:7.0f}{ratios}  {extra}"
    )


def compare(label: str, target: list[str], cmd: list[str], runs: int, lib_runs: int) -> None:
    """Measure and print dmvpngen, the floor and the library on ``target``."""
    floor = measure("  floor: read+split", [PY, "-c", FLOOR, *target], runs)
    lib = (
        measure("  ciscoconfparse2 parse", [PY, "-c", LIBRARY, *target], lib_runs)
        if lib_runs
        else None
    )
    ours = measure(label, cmd, runs)
    print(row(ours, floor, lib, f"exit {sorted(ours.codes)}"))
    print(row(floor, None, None))
    if lib is not None:
        print(row(lib, floor, None))
    RESULTS[label] = ours


RESULTS: dict[str, Figures] = {}
HEAD = (
    f"{'workload':<24} {'runs':>4} {'median':>8} {'min':>8} {'cpu med':>8} {'peak MB':>7}"
    f" {'floorx':>6} {'(cpu)':>6} {'lib/us':>6} {'(cpu)':>6}"
)


def main() -> None:
    """Build the inputs, run every workload, print the table and the targets."""
    parser = argparse.ArgumentParser(description="whole-process speed of lint and check")
    parser.add_argument("--runs", type=int, default=5, help="measured runs per figure")
    parser.add_argument("--real", type=Path, default=REAL, help="the 34 real DMVPN configs")
    parser.add_argument("--ccat", type=Path, help="ccat.py of a ccat checkout (optional)")
    parser.add_argument("--ccat-python", default=PY, help="the Python ccat is installed for")
    parser.add_argument("--big-mb", type=int, default=40, help="size of the one big config")
    parser.add_argument(
        "--library-big",
        action="store_true",
        help="also parse the big config with the library (minutes, ~1 GB per 10 MB of config)",
    )
    parser.add_argument("--only-growth", action="store_true", help="the check growth alone")
    parser.add_argument(
        "--only-lint", action="store_true", help="lint of one config and of the 34 alone"
    )
    parser.add_argument("--sizes", default="250,500,1000,2000,5000", help="check growth sizes")
    args = parser.parse_args()
    runs = args.runs
    lint = [*DMVPNGEN, "lint"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if args.only_growth:
            print(HEAD)
            growth(root, [int(s) for s in args.sizes.split(",")], runs)
            _targets()
            return
        one = sorted(args.real.glob("*.cfg"))[0]
        print(f"one = {one.name}; real = {args.real} ({len(list(args.real.glob('*.cfg')))})")
        print(
            "seconds, whole process. floorx: dmvpngen over read+split; lib/us: the bare\n"
            "ciscoconfparse2 parse over dmvpngen (both on wall medians, then on CPU medians)\n"
            + HEAD
        )
        compare("lint one config", [str(one)], [*lint, str(one)], runs, runs)
        compare("lint 34 real configs", [str(args.real)], [*lint, str(args.real)], runs, runs)
        if args.only_lint:
            print(row(measure("--help", [*DMVPNGEN, "--help"], runs), None, None))
            _targets()
            return
        gen = root / "lint2000"
        gen.mkdir()
        synthesise(2000, gen)
        big = big_config(root / "big.cfg", args.big_mb)
        print(f"big = {big.stat().st_size / 1e6:.1f} MB, {big.read_text().count(chr(10))} lines")
        json = ["--format", "json", "-o", str(root / "r.json")]
        compare("lint 2,000 generated", [str(gen)], [*lint, *json, str(gen)], 3, 1)
        lib_big = 1 if args.library_big else 0
        # one config is capped at 8 MiB (docs/limits.md): refused at once by default, read in
        # full when the user raises the cap
        refused = measure(f"lint {args.big_mb} MB, 8 MiB cap", [*lint, str(big)], runs)
        print(row(refused, None, None, f"exit {sorted(refused.codes)} (refused, as documented)"))
        os.environ["DMVPNGEN_MAX_CONFIG_MB"] = str(args.big_mb + 8)
        try:
            label = f"lint {args.big_mb} MB, cap raised"
            compare(label, [str(big)], [*lint, *json, str(big)], 3, lib_big)
            label = f"check {args.big_mb} MB, cap raised"
            ours = measure(label, [*DMVPNGEN, "check", "-f", "json", str(big)], 3)
            print(row(ours, None, None, f"exit {sorted(ours.codes)}"))
        finally:
            del os.environ["DMVPNGEN_MAX_CONFIG_MB"]
        print(row(measure("--help", [*DMVPNGEN, "--help"], runs), None, None))
        if args.ccat:
            ccat = measure(
                "ccat, 34 real configs",
                [args.ccat_python, str(args.ccat), f"{args.real}/"],
                runs,
                cwd=args.ccat.parent,
            )
            ours = RESULTS["lint 34 real configs"]
            wall, cpu = ccat.median / ours.median, ccat.cpu_median / ours.cpu_median
            print(row(ccat, None, None, f"ccat/dmvpngen {wall:.1f}x wall, {cpu:.1f}x CPU"))
        growth(root, [int(s) for s in args.sizes.split(",")], runs)
    _targets()


def _targets() -> None:
    """The two timed targets of the measured workloads, with the load the machine was under."""
    print(f"\ntargets (wall medians; CPU medians in brackets; load average {_load()}):")
    for label, limit in (("lint one config", 0.25), ("check 2000 spokes", 3.0)):
        if label in RESULTS:
            fig = RESULTS[label]
            print(f"  {label} <= {limit} s: {fig.median:.3f} s ({fig.cpu_median:.3f} s CPU)")


def _load() -> str:
    """The 1-minute load average (wall times on a shared machine depend on it)."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "unknown"


def growth(root: Path, sizes: list[int], runs: int) -> None:
    """``dmvpngen check`` on networks of ``sizes`` spokes: time, memory, seconds per spoke."""
    print("\ncheck growth (whole process; per 1k spokes: median minus --help start-up)")
    start = measure("--help", [*DMVPNGEN, "--help"], runs)
    per: list[tuple[float, float]] = []
    for n in sizes:
        folder = network(n, root / f"net{n}")
        label = f"check {n} spokes"
        if n == 2000:
            compare(label, [str(folder)], [*DMVPNGEN, "check", str(folder)], runs, 1)
            fig = RESULTS[label]
        else:
            fig = RESULTS[label] = measure(label, [*DMVPNGEN, "check", str(folder)], runs)
            print(row(fig, None, None, f"exit {sorted(fig.codes)}"))
        wall = 1000 * (fig.median - start.median) / n
        cpu = 1000 * (fig.cpu_median - start.cpu_median) / n
        per.append((wall, cpu))
        print(
            f"  {n} spokes per 1,000: {wall:.3f} s wall, {cpu:.3f} s CPU; peak {fig.peak_mb:.0f} MB"
        )
    (wall0, cpu0), (wall1, cpu1) = per[0], per[-1]
    print(
        f"  per-spoke cost, largest over smallest size: {wall1 / wall0:.2f}x wall, "
        f"{cpu1 / cpu0:.2f}x CPU (1.0 = linear)"
    )


if __name__ == "__main__":
    main()
