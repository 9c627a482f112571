"""``dmvpngen lab``: export an inventory as a CML or GNS3 lab, boot it, verify it, remove it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from dmvpngen.cli.output import (
    OutputFormat,
    console,
    err_console,
    esc,
    fail,
    print_json,
    user_errors,
)
from dmvpngen.errors import UsageError

__all__ = ["register"]

lab_app = typer.Typer(
    name="lab",
    help="Turn an inventory into a Cisco CML or GNS3 lab, boot it and prove the design.",
    no_args_is_help=True,
)

_NODE_HELP = "iosv, csr1000v, cat8000v or iol-xe"
_LAB_KEYS = (
    "xe_node", "ios_node", "infra_node", "nat", "lan_hosts", "mgmt", "mgmt_offset",
    "mgmt_gateway", "bridge",
)  # fmt: skip


def _build(inventory: Path, params: dict[str, Any]) -> tuple[Any, Any]:
    """Render the inventory and build its lab from the command's lab options."""
    from dmvpngen.lab.build import build_lab
    from dmvpngen.lab.options import lab_options
    from dmvpngen.lab.source import render_inventory

    options = lab_options(**{key: params[key] for key in _LAB_KEYS})
    network = render_inventory(inventory)
    return network, build_lab(network.inventory, network.configs, options)


# Options shared by export, up and verify (the lab must be built the same way each time).
_INV = typer.Argument(..., help="Inventory YAML file.")
_XE = typer.Option("cat8000v", "--xe-node", help=f"Node type for iosxe routers: {_NODE_HELP}.")
_IOS = typer.Option("iosv", "--ios-node", help=f"Node type for ios routers: {_NODE_HELP}.")
_INFRA = typer.Option("iosv", "--infra-node", help=f"Node type of ISP/NAT routers: {_NODE_HELP}.")
_NAT = typer.Option(None, "--nat", help="Put this spoke behind a NAT router (repeatable).")
_HOSTS = typer.Option(False, "--lan-hosts", help="Add a host on every LAN (default: a switch).")
_MGMT = typer.Option(
    None, "--mgmt", help="Management subnet reached through an external connector."
)
_MOFF = typer.Option(10, "--mgmt-offset", help="Router management address = subnet + offset + id.")
_MGW = typer.Option(None, "--mgmt-gateway", help="Address on the management subnet to leave free.")
_BRIDGE = typer.Option("bridge0", "--bridge", help="CML external connector / GNS3 cloud interface.")
_FMT = typer.Option(OutputFormat.TEXT, "--format", help="Output format.")


def _mapping_table(topo: Any) -> Table:
    table = Table(title="Interface mapping (inventory -> lab node)")
    for column in ("router", "node", "purpose", "inventory", "lab", "slot"):
        table.add_column(column)
    nodes = {n.name: n for n in topo.nodes}
    for row in topo.mapping:
        node = nodes[row.router]
        lab = row.lab_name
        if row.purpose == "management":  # the address verify and push log in to
            lab += f" {node.mgmt_address}"
        table.add_row(
            *(esc(v) for v in (row.router, node.kind, row.purpose, row.inventory_name, lab)),
            str(row.slot),
        )
    return table


def _topology_json(topo: Any) -> dict[str, Any]:
    return {
        "title": topo.title,
        "nodes": [
            {
                "name": n.name,
                "role": n.role,
                "kind": n.kind,
                "mgmt_address": str(n.mgmt_address) if n.mgmt_address else None,
            }
            for n in topo.nodes
        ],
        "links": len(topo.links),
        "mapping": [
            {
                "router": r.router,
                "purpose": r.purpose,
                "inventory": r.inventory_name,
                "lab": r.lab_name,
                "slot": r.slot,
            }
            for r in topo.mapping
        ],
        "notes": topo.notes,
    }


@lab_app.command("export")
def export_cmd(
    inventory: Path = _INV,
    cml: Path | None = typer.Option(None, "--cml", help="Write a CML 2.x lab topology YAML file."),
    gns3: Path | None = typer.Option(
        None, "--gns3", help="Write a GNS3 project into this directory."
    ),
    xe_node: str = _XE,
    ios_node: str = _IOS,
    infra_node: str = _INFRA,
    nat: list[str] = _NAT,
    lan_hosts: bool = _HOSTS,
    mgmt: str | None = _MGMT,
    mgmt_offset: int = _MOFF,
    mgmt_gateway: str | None = _MGW,
    bridge: str = _BRIDGE,
    fmt: OutputFormat = _FMT,
) -> None:
    """Write the lab as a CML topology file and/or a GNS3 project; print the interface mapping."""
    params = dict(locals())  # the lab options, read by _build
    with user_errors(fmt):
        if cml is None and gns3 is None:
            raise UsageError("nothing to write", "give --cml FILE.yaml and/or --gns3 DIR")
        _, topo = _build(inventory, params)
        files: list[str] = []
        if cml is not None:
            from dmvpngen.lab.export.cml import cml_yaml

            text = cml_yaml(topo)
            if not (cml.exists() and cml.read_text() == text):
                cml.parent.mkdir(parents=True, exist_ok=True)
                cml.write_text(text)
            files.append(str(cml))
        if gns3 is not None:
            from dmvpngen.lab.export.gns3 import write_gns3

            write_gns3(topo, gns3)
            files.append(str(gns3 / f"{topo.title}.gns3"))
    if fmt is OutputFormat.JSON:
        print_json({"ok": True, "files": files, **_topology_json(topo)})
        return
    console.print(_mapping_table(topo))
    roles = sorted({n.role for n in topo.nodes})
    counts = ", ".join(f"{sum(1 for n in topo.nodes if n.role == r)} {r}" for r in roles)
    console.print(
        f"lab [bold]{esc(topo.title)}[/]: {len(topo.nodes)} nodes ({counts}), "
        f"{len(topo.links)} links"
    )
    for note in topo.notes:
        console.print(f"[yellow]note[/]: {esc(note)}")
    for name in files:
        console.print(f"wrote {name}", markup=False)


def _auth(
    controller: Any, url: str | None, user: str | None, password: str | None, insecure: bool
) -> Any:
    from dmvpngen.lab.ops import Controller, ControllerAuth

    if controller is Controller.CML:
        env = ("VIRL2_URL", "VIRL2_USER", "VIRL2_PASS")
    else:
        env = ("GNS3_URL", "GNS3_USER", "GNS3_PASSWORD")
    return ControllerAuth(
        url=url or os.environ.get(env[0], ""),
        username=user or os.environ.get(env[1], ""),
        password=password or os.environ.get(env[2], ""),
        verify_tls=not insecure,
    )


_CTRL = typer.Option(None, "--controller", "-c", help="cml or gns3 (same as --engine).")
_ENGINE = typer.Option(
    None, "--engine", help="frr: open-source routers in a local VM; cml or gns3: a controller."
)
_STATE = typer.Option(None, "--state-dir", help="FRR lab state directory (default /tmp/...).")
_KEEP = typer.Option(True, "--keep/--no-keep", help="FRR: leave the lab running after the proof.")
_FAILOVER = typer.Option(
    True, "--failover/--no-failover", help="FRR: take each hub and ISP down in the proof."
)
_DEBUG_NHRP = typer.Option(
    False,
    "--debug-nhrp",
    help="FRR: log nhrpd's packets and decisions ('debug nhrp common') in each router's frr.log.",
)
_URL = typer.Option(None, "--url", help="Controller URL (else VIRL2_URL / GNS3_URL).")
_USER = typer.Option(None, "--user", help="Controller user (else VIRL2_USER / GNS3_USER).")
_PASS = typer.Option(
    None, "--password", help="Controller password (else VIRL2_PASS / GNS3_PASSWORD)."
)
_INSECURE = typer.Option(False, "--insecure", help="Accept a self-signed controller certificate.")
_SSH_USER = typer.Option(None, "--ssh-user", envvar="DMVPNGEN_SSH_USER", help="Router SSH user.")
_SSH_PASS = typer.Option(
    None, "--ssh-password", envvar="DMVPNGEN_SSH_PASSWORD", help="Router SSH password."
)


def _engine(engine: str | None, controller: str | None) -> Any:
    """The engine named by ``--engine`` or ``--controller`` (one of them is required)."""
    from dmvpngen.lab.engines import Engine

    value = engine or controller
    if value is None:
        raise UsageError("no lab engine given", "use --engine frr, or --controller cml|gns3")
    try:
        return Engine(value)
    except ValueError:
        raise UsageError(f"--engine {value}: unknown", "use frr, cml or gns3") from None


def _controller_failed(fmt: OutputFormat, exc: Exception) -> None:
    """Report a controller's refusal (its message is already masked and bounded); exit 1."""
    hint = "check the controller URL, credentials, templates and that it is running"
    if fmt is OutputFormat.JSON:
        print_json({"ok": False, "error": str(exc), "hint": hint})
        raise typer.Exit(1)
    fail(1, str(exc), hint)


def _controller(value: str) -> Any:
    from dmvpngen.lab.ops import Controller

    try:
        return Controller(value)
    except ValueError:
        raise UsageError(f"--controller {value}: unknown", "use cml or gns3") from None


@lab_app.command("up")
def up_cmd(
    inventory: Path = _INV,
    controller: str | None = _CTRL,
    engine: str | None = _ENGINE,
    state_dir: Path | None = _STATE,
    keep: bool = _KEEP,
    failover: bool = _FAILOVER,
    debug_nhrp: bool = _DEBUG_NHRP,
    url: str | None = _URL,
    user: str | None = _USER,
    password: str | None = _PASS,
    insecure: bool = _INSECURE,
    replace: bool = typer.Option(False, "--replace", help="Delete a lab of the same name first."),
    boot_timeout: float = typer.Option(1800, "--boot-timeout", help="Seconds to wait for boot."),
    overlay_timeout: float = typer.Option(
        600, "--overlay-timeout", help="Seconds to wait for every registration (0: skip)."
    ),
    ssh_user: str | None = _SSH_USER,
    ssh_password: str | None = _SSH_PASS,
    gns3_template: list[str] = typer.Option(None, "--gns3-template", help="KIND=TEMPLATE NAME."),
    xe_node: str = _XE,
    ios_node: str = _IOS,
    infra_node: str = _INFRA,
    nat: list[str] = _NAT,
    lan_hosts: bool = _HOSTS,
    mgmt: str | None = _MGMT,
    mgmt_offset: int = _MOFF,
    mgmt_gateway: str | None = _MGW,
    bridge: str = _BRIDGE,
    fmt: OutputFormat = _FMT,
) -> None:
    """Boot the lab (FRR VM, or CML/GNS3) and prove the design; see docs/lab.md."""
    params = dict(locals())  # the lab options, read by _build
    with user_errors(fmt):
        chosen = _engine(engine, controller)
    if chosen.value == "frr":
        from dmvpngen.cli.lab_frr import frr_up_cmd

        frr_up_cmd(inventory, state_dir, keep, failover, fmt, debug_nhrp=debug_nhrp)
        return
    controller = chosen.value
    assert controller is not None
    from dmvpngen.lab.drivers.http import ControllerError
    from dmvpngen.lab.ops import lab_up
    from dmvpngen.lab.options import router_login, template_overrides

    with user_errors(fmt):
        network, topo = _build(inventory, params)
        ctrl = _controller(controller)
        login = router_login(network.users, ssh_user, ssh_password)

        try:
            result = lab_up(
                topo,
                ctrl,
                _auth(ctrl, url, user, password, insecure),
                replace=replace,
                boot_timeout=boot_timeout,
                gns3_templates=template_overrides(gns3_template),
            )
        except ControllerError as exc:
            _controller_failed(fmt, exc)
        overlay = []
        if result.booted and overlay_timeout > 0 and login is not None:
            from dmvpngen.lab.session import NetmikoSession
            from dmvpngen.lab.verify import lab_targets, wait_for_overlay

            targets = lab_targets(network.inventory, topo, *login)
            overlay = wait_for_overlay(
                network.inventory, NetmikoSession, targets, timeout=overlay_timeout
            )
    ok = result.booted and all(c.ok for c in overlay)
    if fmt is OutputFormat.JSON:
        print_json({"ok": ok, **result.model_dump(), "overlay": [c.model_dump() for c in overlay]})
    else:
        table = Table(title=esc(f"{result.controller} lab {result.title} ({result.lab_id})"))
        table.add_column("node")
        table.add_column("state")
        for node in result.nodes:
            table.add_row(esc(node.node), esc(node.state))
        console.print(table)
        if overlay:
            console.print(_checks_table(overlay, "Overlay"))
        elif result.booted and overlay_timeout > 0:
            err_console.print("overlay not checked: no router login (give --ssh-user)")
        if not result.booted:
            err_console.print("[red]the lab did not finish booting in time[/]")
            for name, tail in result.consoles.items():
                err_console.print(f"console of {name}, last lines:\n{tail}", markup=False)
    if not ok:
        raise typer.Exit(1)


def _checks_table(checks: list[Any], title: str) -> Table:
    table = Table(title=title)
    for column in ("router", "check", "result", "detail"):
        table.add_column(column)
    for check in checks:
        table.add_row(
            esc(check.router),
            esc(check.check),
            "[green]ok[/]" if check.ok else "[red]FAIL[/]",
            esc(check.detail),
        )
    return table


@lab_app.command("verify")
def verify_cmd(
    inventory: Path = _INV,
    engine: str | None = _ENGINE,
    state_dir: Path | None = _STATE,
    failover: bool = _FAILOVER,
    ssh_user: str | None = _SSH_USER,
    ssh_password: str | None = _SSH_PASS,
    spoke_a: str | None = typer.Option(None, "--spoke-a", help="First spoke of the proof."),
    spoke_b: str | None = typer.Option(None, "--spoke-b", help="Second spoke of the proof."),
    xe_node: str = _XE,
    ios_node: str = _IOS,
    infra_node: str = _INFRA,
    nat: list[str] = _NAT,
    lan_hosts: bool = _HOSTS,
    mgmt: str | None = _MGMT,
    mgmt_offset: int = _MOFF,
    mgmt_gateway: str | None = _MGW,
    bridge: str = _BRIDGE,
    fmt: OutputFormat = _FMT,
) -> None:
    """Check every registration and prove spoke-to-spoke forwarding; exit 1 on any failure."""
    params = dict(locals())  # the lab options, read by _build
    if engine == "frr":
        from dmvpngen.cli.lab_frr import frr_verify_cmd

        frr_verify_cmd(inventory, state_dir, failover, fmt)
        return
    from dmvpngen.lab.options import router_login
    from dmvpngen.lab.session import NetmikoSession
    from dmvpngen.lab.verify import lab_targets, verify_lab

    with user_errors(fmt):
        if (spoke_a is None) != (spoke_b is None):
            raise UsageError("give both --spoke-a and --spoke-b, or neither")
        network, topo = _build(inventory, params)
        login = router_login(network.users, ssh_user, ssh_password)
        if login is None:
            raise UsageError(
                "no router SSH user",
                "give --ssh-user/--ssh-password, set DMVPNGEN_SSH_USER, or add a privilege-15 "
                "user to management.users",
            )
        spokes = {s.name for s in network.inventory.spokes}
        pair = (spoke_a, spoke_b) if spoke_a and spoke_b else None
        for name in pair or ():
            if name not in spokes:
                raise UsageError(f"{name}: not a spoke of {inventory}")
        targets = lab_targets(network.inventory, topo, *login)
        report = verify_lab(network.inventory, topo, NetmikoSession, targets, pair=pair)
    if fmt is OutputFormat.JSON:
        print_json(report.model_dump())
    else:
        console.print(_checks_table(report.checks, "Lab verification"))
        verdict = "[green]PASS[/]" if report.ok else "[red]FAIL[/]"
        console.print(f"{verdict}: {sum(c.ok for c in report.checks)}/{len(report.checks)} checks")
    if not report.ok:
        raise typer.Exit(1)


@lab_app.command("down")
def down_cmd(
    inventory: Path = _INV,
    controller: str | None = _CTRL,
    engine: str | None = _ENGINE,
    state_dir: Path | None = _STATE,
    url: str | None = _URL,
    user: str | None = _USER,
    password: str | None = _PASS,
    insecure: bool = _INSECURE,
    fmt: OutputFormat = _FMT,
) -> None:
    """Stop and delete the inventory's lab (FRR: power its VM off)."""
    with user_errors(fmt):
        chosen = _engine(engine, controller)
    if chosen.value == "frr":
        from dmvpngen.cli.lab_frr import frr_down_cmd

        frr_down_cmd(inventory, state_dir, fmt)
        return
    controller = chosen.value
    from dmvpngen.lab.build import lab_title
    from dmvpngen.lab.drivers.http import ControllerError
    from dmvpngen.lab.ops import lab_down
    from dmvpngen.model.loader import load_inventory

    with user_errors(fmt):
        title = lab_title(load_inventory(inventory).inventory)
        ctrl = _controller(controller)
        try:
            result = lab_down(title, ctrl, _auth(ctrl, url, user, password, insecure))
        except ControllerError as exc:
            _controller_failed(fmt, exc)
    if fmt is OutputFormat.JSON:
        print_json({"ok": True, **result.model_dump()})
    elif result.removed:
        console.print(f"removed {result.title}: {', '.join(result.removed)}", markup=False)
    else:
        console.print(f"no lab called {result.title} on the controller", markup=False)


def register(app: typer.Typer) -> None:
    """Add the ``lab`` command group to ``app``."""
    from dmvpngen.cli.lab_push import add_push  # it reuses this module's lab options

    if "push" not in {c.name for c in lab_app.registered_commands}:
        from dmvpngen.cli.lab_frr import add_frr_commands

        add_push(lab_app)
        add_frr_commands(lab_app)
    app.add_typer(lab_app, name="lab")
