"""Read and parse many config files, the later part in a forked process when that pays.

``check`` of a large network spends about half its time parsing (reading, normalising, the line
tree, the facts, the route facts), one config at a time and each independent of the others. From
:data:`FORK_FROM` files on, with ``fork`` available and a CPU to spare
(:func:`dmvpngen.cpus.spare_cpu`), a forked child parses the last :data:`CHILD_SHARE` of the
files and reads their route facts while this process does the same for the rest (the child,
which also pickles what it parsed, is the longer of the two: reading the route facts here, not
later, keeps this process busy while it waits); the child then sends back what it parsed.
What crosses the pipe is kept compact: each device without its line tree, the tree as its
layout's plan (one object per layout, pickled once) and its lines' stripped texts joined into
one string (:func:`~dmvpngen.parse.tree.pack_parts`), from which this process builds the same
nodes when the tree is first read (:func:`~dmvpngen.parse.facts.defer_blocks`; a check reads
few of them). Sending the nodes themselves cost as much as parsing them, and one string per
line was most of what was left.

Exact by construction: a device, its tree and its route facts are functions of its file alone
(the parse caches are memos of pure functions, and the child starts as a copy of this process),
so the child's results are equal to what this process would have computed. They arrive as
copies (pickled), like any parse result compared by value; file order and the refusals' order
are kept. Anything going wrong in the child (fork refused, an exception, the child killed)
costs time, not the result: this process then parses the child's files itself, so every
message, exit status and traceback is the one of a single process.
"""

from __future__ import annotations

import io
import os
import pickle
from ipaddress import IPv4Interface, IPv4Network
from pathlib import Path
from typing import Any

from dmvpngen.errors import Problem
from dmvpngen.parse.facts import Device, defer_blocks
from dmvpngen.parse.routefacts import RouteFacts, route_facts
from dmvpngen.parse.tree import PackedTree, TreeParts, pack_parts

__all__ = ["CHILD_SHARE", "FORK_FROM", "known_route_facts", "read_devices"]

# From this many files on a second process pays for its fork and for sending its results back
# (bench/README.md, "parse, eighth round": measured at 250, 1,000 and 2,000 spokes).
FORK_FROM = 500
# The child's part of the files. This process also unpickles the child's results and builds
# their trees, so the child takes less than half to finish at the same time.
CHILD_SHARE = 0.45

# Route facts read while the two processes parse, by device: handed out once by
# :func:`known_route_facts` (the routing model asks for them later).
_KNOWN: dict[int, tuple[Device, RouteFacts]] = {}


def read_devices(files: list[Path]) -> tuple[list[Device], list[Problem]]:
    """Read and parse every file: the devices, and the refusals, each in file order.

    Files are read by :func:`dmvpngen.parse.source.read_config`, as ``lint`` reads them; the
    later files go to a forked child when there are enough of them (module docstring).
    """
    from dmvpngen.cpus import can_fork, spare_cpu

    _KNOWN.clear()  # facts of an earlier call never asked for: read again if they are
    if len(files) < FORK_FROM or not can_fork() or not spare_cpu():
        return _in_order(files)
    split = len(files) - int(len(files) * CHILD_SHARE)
    return _forked(files[:split], files[split:])


def known_route_facts(device: Device) -> RouteFacts | None:
    """The route facts read for ``device`` while parsing in two processes (handed out once;
    None when none were read: the caller reads them itself)."""
    hit = _KNOWN.pop(id(device), None)
    return hit[1] if hit is not None and hit[0] is device else None


def _parse(path: Path) -> tuple[Device, TreeParts] | Problem:
    """The device of the file at ``path`` and the parts of its line tree, or why it is
    refused."""
    from dmvpngen.parse.dmvpn import parse_source_parts
    from dmvpngen.parse.source import ConfigRefused, read_config

    try:
        source = read_config(path, str(path))
    except ConfigRefused as exc:
        return exc.problem
    return parse_source_parts(source)


def _in_order(files: list[Path]) -> tuple[list[Device], list[Problem]]:
    devices: list[Device] = []
    problems: list[Problem] = []
    for f in files:
        got = _parse(f)
        if isinstance(got, Problem):
            problems.append(got)
        else:
            devices.append(got[0])
    return devices, problems


def _forked(mine: list[Path], theirs: list[Path]) -> tuple[list[Device], list[Problem]]:
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return _in_order(mine + theirs)
    if pid == 0:  # the child: never returns
        os.close(read)
        _child(theirs, write)
    os.close(write)
    try:
        devices, problems = _in_order(mine)
        for device in devices:  # while the child works: needed later, and the child takes longer
            _keep_facts(device)
        with os.fdopen(read, "rb") as pipe:
            sent = _received(pipe.read())
        _, status = os.waitpid(pid, 0)
        pid = 0
        if sent is None or status != 0:
            more, refused = _in_order(theirs)
        else:
            more, refused = sent
        return devices + more, problems + refused
    finally:
        if pid:  # interrupted here: the child has nothing left to do
            _stop(pid)


def _keep_facts(device: Device) -> RouteFacts | None:
    """Read the route facts of ``device`` now, for :func:`known_route_facts` to hand out."""
    try:
        facts = route_facts(device)
    except Exception:  # read again where they are asked for, failing there as before
        return None
    _KNOWN[id(device)] = (device, facts)
    return facts


def _child(files: list[Path], out: int) -> None:
    code = 1
    try:
        parts: list[tuple[Device, PackedTree, RouteFacts | None] | Problem] = []
        for f in files:
            got = _parse(f)
            if isinstance(got, Problem):
                parts.append(got)
                continue
            device, tree = got
            facts = _keep_facts(device)
            del device.blocks  # built from the tree's parts on the other side, when read
            parts.append((device, pack_parts(tree), facts))
        # pickled whole before a byte is written: a pipe holds 64 KiB, and this process reads
        # only once its own part is parsed, so pickling into the pipe stopped at its first
        # frame and the rest of the pickling waited on the critical path
        message = io.BytesIO()
        _Compact(message, protocol=pickle.HIGHEST_PROTOCOL).dump(parts)
        with os.fdopen(out, "wb") as pipe:
            pipe.write(message.getbuffer())
        code = 0
    finally:
        os._exit(code)  # no exit handlers, no flushing of buffers this process copied


class _Compact(pickle.Pickler):
    """Pickles IPv4 addresses with prefix as numbers: the standard way sends their text, which
    the other side parses again (a tenth of the time spent unpickling a device). The integer and
    prefix length give an equal object (the same address, network, masks and text)."""

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)  # exact types: a subclass keeps its own way
        if kind is IPv4Interface:
            return IPv4Interface, ((int(obj), obj.network.prefixlen),)
        if kind is IPv4Network:
            return IPv4Network, ((int(obj.network_address), obj.prefixlen),)
        return NotImplemented


def _received(data: bytes) -> tuple[list[Device], list[Problem]] | None:
    """The child's devices and refusals in file order; None when it sent nothing whole."""
    try:
        parts = pickle.loads(data)
    except Exception:  # a child killed while writing: its files are parsed here
        return None
    devices: list[Device] = []
    problems: list[Problem] = []
    for item in parts:
        if isinstance(item, Problem):
            problems.append(item)
            continue
        device, tree, facts = item
        defer_blocks(device, tree)
        if facts is not None:
            _KNOWN[id(device)] = (device, facts)
        devices.append(device)
    return devices, problems


def _stop(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass
