"""The lab's TCP and UDP service hosts and probes, run inside the VM (standard library only:
the guest runs this file by path, as it runs the agent).

    portcheck.py serve [--tcp PORT]... [--udp PORT]...     a listener on every address
    portcheck.py probe [--timeout SECONDS] [NS[/VRF]:]PROTO,ADDRESS,PORT[,SOURCE]...

The listener accepts each TCP connection and closes it, and answers each UDP datagram with the
same bytes, so the router that sent it knows it arrived (syslog and SNMP traps are one-way on
a real network; the lab's answer only proves the datagram reached the service host). The probe
runs every probe given at once and prints one line per probe, in order: the probe and one word,
``open`` (TCP accepted, UDP answered), ``refused`` (TCP reset, or ICMP port unreachable for
UDP) or ``timeout``.

One probe process serves every namespace: a probe naming ``NS`` is sent from a thread that has
entered the network namespace ``/var/run/netns/NS`` (setns(2) moves only the calling thread),
and one naming a ``VRF`` from a socket bound to that VRF's device, which is what ``ip vrf
exec`` arranges for a whole process (the kernel's VRF documentation, "Applications"). Under
TCG on a busy host a Python start took 0.7-15 s in the guest and seven at once 21-33 s each,
so a process per namespace made the round outlast its limit; one process pays one start.
"""

from __future__ import annotations

import argparse
import selectors
import socket
import struct
import sys
import threading

_PAYLOAD = b"dmvpngen lab probe\n"
# Linux's IP_PKTINFO (linux/in.h), which Python's socket module does not name
_IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8)


def serve(tcp: list[int], udp: list[int]) -> None:
    """Listen on every address of the namespace, IPv4 and IPv6, until killed."""
    sel = selectors.DefaultSelector()
    for family, host in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
        for port in tcp:
            s = socket.socket(family, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            s.bind((host, port))
            s.listen(64)
            sel.register(s, selectors.EVENT_READ, "tcp")
        for port in udp:
            s = socket.socket(family, socket.SOCK_DGRAM)
            if family == socket.AF_INET6:
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVPKTINFO, 1)
            else:
                s.setsockopt(socket.IPPROTO_IP, _IP_PKTINFO, 1)
            s.bind((host, port))
            sel.register(s, selectors.EVENT_READ, "udp")
    print("listening", flush=True)
    while True:
        for key, _ in sel.select():
            sock = key.fileobj
            assert isinstance(sock, socket.socket)
            try:
                if key.data == "tcp":
                    conn, _ = sock.accept()
                    conn.close()
                else:
                    _echo(sock)
            except OSError:
                continue  # one failed exchange never stops the host


def _echo(sock: socket.socket) -> None:
    """Answer one datagram from the address it was sent to: a service address is often a
    second address of the host, and the router's probe (a connected socket) takes a reply
    only from the address it sent to."""
    data, ancillary, _, peer = sock.recvmsg(2048, socket.CMSG_SPACE(32))
    reply = []
    for level, kind, value in ancillary:
        if level == socket.IPPROTO_IP and kind == _IP_PKTINFO:
            # struct in_pktinfo {ifindex; spec_dst; addr}: send from the destination address
            reply = [(level, kind, struct.pack("=i4s4s", 0, value[8:12], bytes(4)))]
        elif level == socket.IPPROTO_IPV6 and kind == socket.IPV6_PKTINFO:
            # struct in6_pktinfo {addr; ifindex}
            reply = [(level, kind, value[:16] + struct.pack("=i", 0))]
    sock.sendmsg([data], reply, 0, peer)


def probe(
    proto: str, address: str, port: int, source: str | None, timeout: float, vrf: str = ""
) -> str:
    """``open``, ``refused`` or ``timeout``, from the calling thread's network namespace
    (and ``vrf``'s table when one is named)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    kind = socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM
    with socket.socket(family, kind) as s:
        s.settimeout(timeout)
        if vrf:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, vrf.encode())
        if source:
            s.bind((source, 0))
        try:
            s.connect((address, port))
            if proto == "udp":
                # a connected UDP socket reports the ICMP port unreachable as a refusal
                s.send(_PAYLOAD)
                if s.recv(2048) != _PAYLOAD:
                    return "timeout"
        except ConnectionRefusedError:
            return "refused"
        except OSError:
            return "timeout"
    return "open"


_CLONE_NEWNET = 0x40000000  # linux/sched.h


def _enter_netns(ns: str) -> None:
    """Move the calling thread into the named network namespace (``ip netns`` names)."""
    import ctypes
    import os

    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(f"/var/run/netns/{ns}", os.O_RDONLY)
    try:
        if libc.setns(fd, _CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"setns {ns}: {os.strerror(err)}")
    finally:
        os.close(fd)


def _probe_spec(spec: str, timeout: float) -> str:
    # "NS/VRF:" before the first comma; an IPv6 address's colons come after it
    where, _, what = spec.partition(":") if ":" in spec.split(",")[0] else ("", "", spec)
    ns, _, vrf = where.partition("/")
    proto, address, port, *source = what.split(",")
    try:
        if ns:
            _enter_netns(ns)
        return probe(proto, address, int(port), source[0] if source else None, timeout, vrf)
    except OSError as exc:  # no such namespace, VRF or source address: said, not raised
        return f"error ({exc.strerror or exc})"


def main(argv: list[str]) -> int:
    """Serve or probe, as the arguments say."""
    parser = argparse.ArgumentParser(prog="portcheck")
    sub = parser.add_subparsers(dest="cmd", required=True)
    srv = sub.add_parser("serve")
    srv.add_argument("--tcp", type=int, action="append", default=[])
    srv.add_argument("--udp", type=int, action="append", default=[])
    prb = sub.add_parser("probe")
    prb.add_argument("--timeout", type=float, default=2.0)
    prb.add_argument("specs", nargs="+", metavar="PROTO,ADDRESS,PORT[,SOURCE]")
    args = parser.parse_args(argv)
    if args.cmd == "serve":
        serve(args.tcp, args.udp)
        return 0
    # one process for every probe of every namespace: under TCG each process start costs more
    # than the probes. Plain threads (each may enter a namespace of its own), not
    # concurrent.futures, whose import (logging with it) is most of this file's start-up. Each
    # line is printed as soon as its probe (and those before it) is done: a process ended by
    # the caller's time limit still reports what it found
    results: list[str] = [""] * len(args.specs)
    slots = threading.BoundedSemaphore(16)

    def one(i: int, spec: str) -> None:
        with slots:
            results[i] = _probe_spec(spec, args.timeout)

    threads = [threading.Thread(target=one, args=(i, s)) for i, s in enumerate(args.specs)]
    for t in threads:
        t.start()
    for i, (spec, t) in enumerate(zip(args.specs, threads, strict=True)):
        t.join()
        print(spec, results[i], flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
