"""Run ``dmvpngen check`` up to a stage and exit at once, for per-stage instruction counts.

    valgrind --tool=callgrind python bench/check_stage.py prefork|load NET_DIR

``prefork`` runs the imports, the file list and the worker test (what ``load_devices`` runs
before its fork); ``load`` runs ``load_devices`` as well. The process then leaves with
``os._exit``, so nothing after the stage is counted. A stage's own count is the difference of
two runs; a forked parse child's file holds the parent's count up to the fork as well. Set
``DMVPNGEN_WORKERS=on`` and ``PYTHONHASHSEED`` alike for both sides of a comparison (bench/
README.md, "Check, ninth round — parse").
"""

from __future__ import annotations

import argparse
import os


def main() -> None:
    """Run up to the stage named on the command line, then exit without clean-up."""
    parser = argparse.ArgumentParser(description="check up to a stage, then exit")
    parser.add_argument("stage", choices=["prefork", "load"])
    parser.add_argument("folder")
    args = parser.parse_args()
    from dmvpngen.check import engine
    from dmvpngen.cli import app  # noqa: F401  # the imports the console script makes

    files = engine.collect_files([args.folder])
    if args.stage == "prefork":
        from dmvpngen import cpus
        from dmvpngen.parse import halves  # noqa: F401  # imported by load_devices

        cpus.can_fork()
        cpus.spare_cpu()
    else:
        engine.load_devices(files)
    os._exit(0)


if __name__ == "__main__":
    main()
