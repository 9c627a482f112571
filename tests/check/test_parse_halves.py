"""Configs parsed half in a forked process give exactly what one process gives.

From ``FORK_FROM`` files on, ``check`` parses the later files in a forked child
(:mod:`dmvpngen.parse.halves`); here the threshold is lowered so that real matched sets, a
generated network and sets holding refused or crashing files take the same path. The devices,
their line trees and route facts, every message and every exit status must be the one process's.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dmvpngen import cpus
from dmvpngen.check.engine import collect_files, load_devices
from dmvpngen.cli.app import app
from dmvpngen.parse import halves
from dmvpngen.parse.facts import Device
from dmvpngen.parse.routefacts import route_facts
from tests.check.benchnet import bench_configs

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
SETS = ["NGMunia-2026-dualhub-dualcloud", "carlbuchmann-iwan-dualcloud", "jc-fullab-USA"]
needs_fork = pytest.mark.skipif(not cpus.can_fork(), reason="needs fork and two CPUs")


def _forking(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Fork from two files on; the list says, per fork, whether the child's results arrived."""
    arrived: list[bool] = []
    real = halves._received

    def received(data: bytes) -> tuple[list[object], list[object]] | None:
        got = real(data)
        arrived.append(got is not None)
        return got  # type: ignore[return-value]

    monkeypatch.setattr(halves, "FORK_FROM", 2)
    monkeypatch.setattr(cpus, "spare_cpu", lambda: True)
    monkeypatch.setattr(halves, "_received", received)
    return arrived


def _network(folder: Path) -> Path:
    """Real matched sets side by side with a generated 24-spoke network, one file each."""
    folder.mkdir()
    for name in SETS:
        for f in sorted((CORPUS / name).glob("*.cfg")):
            shutil.copy(f, folder / f"{name}-{f.name}")
    for name, text in bench_configs(folder.parent, 24).items():
        (folder / f"{name}.cfg").write_text(text)
    return folder


@pytest.fixture
def parsed_alone(tmp_path: Path) -> tuple[list[Path], list[Device]]:
    """The network's files and their devices parsed in one process."""
    files = collect_files([str(_network(tmp_path / "net"))])
    return files, load_devices(files)


@needs_fork
def test_devices_trees_and_route_facts_are_the_ones_of_one_process(
    parsed_alone: tuple[list[Path], list[Device]], monkeypatch: pytest.MonkeyPatch
) -> None:
    files, alone = parsed_alone
    arrived = _forking(monkeypatch)
    split = load_devices(files)
    assert arrived == [True]
    assert split == alone  # every fact and every node of every tree, in file order
    read = [halves.known_route_facts(d) for d in split]  # by the child or while it worked
    assert read == [route_facts(d) for d in alone]
    assert [halves.known_route_facts(d) for d in split] == [None] * len(split)  # handed out once
    child = halves.CHILD_SHARE
    assert [d.file for d in split[-int(len(files) * child) :]] == [
        str(f) for f in files[-int(len(files) * child) :]
    ]


def _garbled(folder: Path) -> None:
    """Refused files in both parts of the set: empty, binary, Junos, not IOS."""
    (folder / "a-empty.cfg").write_text("!\n\n!\n")
    (folder / "b-binary.cfg").write_bytes(b"\x00\x01\x02hostname x")
    (folder / "y-junos.cfg").write_text("system {\n    host-name r1;\n}\n")
    (folder / "z-prose.cfg").write_text("these are my notes about the network\n")


@needs_fork
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_refused_files_give_the_same_message_and_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    folder = _network(tmp_path / "net")
    _garbled(folder)
    runner = CliRunner()
    alone = runner.invoke(app, ["check", "--format", fmt, str(folder)])
    assert alone.exit_code == 2
    assert "y-junos.cfg" in alone.output and "a-empty.cfg" in alone.output
    arrived = _forking(monkeypatch)
    split = runner.invoke(app, ["check", "--format", fmt, str(folder)])
    assert arrived == [True]
    assert (split.exit_code, split.output) == (alone.exit_code, alone.output)


def _die(*_: object) -> None:
    os._exit(3)  # the child is killed (out of memory, a signal): nothing comes back


@needs_fork
def test_a_dead_child_costs_time_not_the_result(
    parsed_alone: tuple[list[Path], list[Device]], monkeypatch: pytest.MonkeyPatch
) -> None:
    files, alone = parsed_alone
    arrived = _forking(monkeypatch)
    monkeypatch.setattr(halves, "pack_parts", _die)  # called in the child only
    assert load_devices(files) == alone
    assert arrived == [False]  # nothing whole arrived: this process parsed the child's files


@needs_fork
def test_a_crash_in_the_childs_part_is_the_one_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file the parser cannot handle fails as it does in one process: same exception, raised
    here (not in the child)."""
    folder = _network(tmp_path / "net")
    _garbled(folder)
    files = collect_files([str(folder)])
    import dmvpngen.parse.dmvpn as dmvpn

    real = dmvpn.parse_source_parts
    doomed = files[-3].name  # in the child's part, before the last refused files

    def crashing(source):  # type: ignore[no-untyped-def]
        if source.name.endswith(doomed):
            raise RuntimeError(f"parser fault on {doomed}")
        return real(source)

    monkeypatch.setattr(dmvpn, "parse_source_parts", crashing)
    with pytest.raises(RuntimeError, match=f"parser fault on {doomed}") as alone:
        load_devices(files)
    _forking(monkeypatch)
    pid = os.getpid()
    with pytest.raises(RuntimeError, match=f"parser fault on {doomed}") as split:
        load_devices(files)
    assert os.getpid() == pid
    assert type(split.value) is type(alone.value)


@pytest.mark.parametrize(
    ("setting", "forks", "spare"), [("off", False, False), ("on", True, True), ("", True, False)]
)
def test_workers_setting(
    setting: str, forks: bool, spare: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``DMVPNGEN_WORKERS``: off never forks, on forks whatever the load, unset asks the load
    now."""
    monkeypatch.setenv(cpus.WORKERS_VARIABLE, setting)
    monkeypatch.setattr(cpus, "_runnable", lambda: 7)  # six other threads runnable: busy
    monkeypatch.setattr(os, "getloadavg", lambda: (6.0, 6.0, 6.0))
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert cpus.can_fork() is forks
    assert cpus.spare_cpu() is spare


def test_addresses_cross_as_numbers_and_arrive_equal() -> None:
    """What the child sends its IPv4 interfaces and networks as rebuilds equal objects: value,
    type, text, masks and network."""
    import io
    import pickle
    import random
    from ipaddress import IPv4Interface, IPv4Network

    rng = random.Random(14)
    sent: list[object] = []
    for _ in range(2000):
        length = rng.randint(0, 32)
        sent.append(IPv4Interface((rng.getrandbits(32), length)))
        sent.append(IPv4Network((rng.getrandbits(32) >> (32 - length) << (32 - length), length)))
    out = io.BytesIO()
    halves._Compact(out, protocol=pickle.HIGHEST_PROTOCOL).dump(sent)
    back = pickle.loads(out.getvalue())
    assert [(type(x), x, str(x), repr(x)) for x in back] == [
        (type(x), x, str(x), repr(x)) for x in sent
    ]
    for a, b in zip(sent, back, strict=True):
        assert (a.netmask, a.hostmask) == (b.netmask, b.hostmask)  # type: ignore[attr-defined]
        if isinstance(a, IPv4Interface):
            assert (a.ip, a.network) == (b.ip, b.network)


@needs_fork
def test_the_childs_trees_are_built_when_read(
    parsed_alone: tuple[list[Path], list[Device]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child's devices arrive without their line trees; reading one builds the tree one
    process builds, and a copy or pickle of a device not read yet builds the same one."""
    import copy
    import dataclasses
    import pickle

    files, alone = parsed_alone
    _forking(monkeypatch)
    split = load_devices(files)
    theirs = len(files) - int(len(files) * halves.CHILD_SHARE)
    assert all("blocks" not in vars(d) for d in split[theirs:])  # not built on arrival
    assert all("blocks" in vars(d) for d in split[:theirs])  # parsed here
    first = split[theirs]
    assert pickle.loads(pickle.dumps(first)).blocks == alone[theirs].blocks
    assert copy.deepcopy(first).blocks == alone[theirs].blocks
    assert "blocks" not in vars(first)  # neither built this one's
    assert dataclasses.replace(first).blocks == alone[theirs].blocks
    assert [d.blocks for d in split] == [d.blocks for d in alone]
    assert first.blocks is first.blocks  # built once, then an ordinary field
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        first.nothing  # type: ignore[attr-defined]  # noqa: B018
