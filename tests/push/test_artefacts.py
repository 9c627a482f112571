"""Every artefact of a push run (stdout, stderr, session logs, backups, identity records) is
free of every secret the run knows and of secrets typed by hand on the routers; logs and
backups are owner-only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dmvpngen.cli.app import app
from tests.fakeios import FakeLab
from tests.push.netgen import PASSWORD
from tests.push.test_cli import SECRETS, simulate

EXAMPLE = Path(__file__).resolve().parents[2] / "inventories" / "monitoring.yml"
# Typed by hand on the routers, unknown to the inventory: masked by pattern.
HAND_TYPED = {
    "snmp-server community Hand-Comm-7731 RO": "Hand-Comm-7731",
    "snmp-server host 192.0.2.50 version 2c Hand-Trap-4412": "Hand-Trap-4412",
    "tacacs-server key Hand-Tacacs-9921": "Hand-Tacacs-9921",
}


def test_no_secret_in_any_artefact(
    lab: FakeLab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inventory, known = simulate(EXAMPLE, lab, tmp_path, monkeypatch)
    for router in lab.network.routers.values():
        for line in HAND_TYPED:
            router.running.add(line)
    # One spoke rejects its keyring line: the error message quotes it.
    lab.router("branch-02").rejected.append(r"pre-shared-key")
    logs, archive = tmp_path / "logs", tmp_path / "archive"
    runs = []
    for fmt in ("json", "text"):
        result = CliRunner().invoke(
            app,
            [
                "push",
                str(inventory),
                "--commit",
                "--known-hosts",
                str(known),
                "--session-log",
                str(logs),
                "--archive",
                str(archive),
                "--format",
                fmt,
                "--verify-timeout",
                "2",
                "--max-failures",
                "3",
            ],
        )
        assert result.exit_code == 1, result.output
        runs += [result.stdout, result.stderr]
    assert "pre-shared-key" in "".join(runs) and "<masked>" in "".join(runs)
    files = sorted(p for p in [*logs.rglob("*"), *archive.rglob("*")] if p.is_file())
    assert any(p.suffix == ".log" for p in files) and any(p.suffix == ".cfg" for p in files)
    assert any(p.name == "identity.json" for p in files)
    secrets = [*map(str, yaml.safe_load(SECRETS.read_text()).values()), PASSWORD]
    secrets += HAND_TYPED.values()
    for text, where in [*((r, "output") for r in runs), *((p.read_text(), p) for p in files)]:
        for secret in secrets:
            assert secret not in text, (secret, where)
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in {p.parent for p in files}:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
