"""``lab up`` / ``lab down`` on a controller: import, start, wait until booted; stop, delete."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum

from pydantic import BaseModel

from dmvpngen.errors import UsageError
from dmvpngen.lab.drivers.cml import CmlDriver
from dmvpngen.lab.drivers.gns3 import Gns3Driver, apply_templates
from dmvpngen.lab.drivers.redact import ControllerError
from dmvpngen.lab.export.cml import cml_yaml
from dmvpngen.lab.export.gns3 import gns3_files, gns3_project
from dmvpngen.lab.model import LabTopology
from dmvpngen.lab.nodes import NODE_TYPES

__all__ = [
    "Controller",
    "ControllerAuth",
    "DownResult",
    "NodeStatus",
    "UpResult",
    "lab_down",
    "lab_up",
]


class Controller(str, Enum):
    """Lab controllers dmvpngen drives."""

    CML = "cml"
    GNS3 = "gns3"


@dataclass(frozen=True)
class ControllerAuth:
    """Controller URL and credentials (from options or the environment, never the inventory)."""

    url: str
    username: str
    password: str
    verify_tls: bool = True


class NodeStatus(BaseModel):
    """One node's state as the controller reports it."""

    node: str
    state: str


class UpResult(BaseModel):
    """What ``lab up`` did."""

    controller: str
    title: str
    lab_id: str
    booted: bool
    nodes: list[NodeStatus]
    consoles: dict[str, str] = {}  # CML: last console lines of routers that did not boot


class DownResult(BaseModel):
    """What ``lab down`` removed."""

    controller: str
    title: str
    removed: list[str]


def _require(auth: ControllerAuth, controller: Controller) -> None:
    env = {
        "cml": "VIRL2_URL / VIRL2_USER / VIRL2_PASS",
        "gns3": "GNS3_URL / GNS3_USER / GNS3_PASSWORD",
    }
    if not auth.url:
        raise UsageError(
            f"no {controller.value.upper()} controller URL",
            f"give --url or set {env[controller.value]}",
        )
    if controller is Controller.CML and not (auth.username and auth.password):
        raise UsageError(
            "CML needs a username and password", f"give --user/--password or set {env['cml']}"
        )


def template_names(overrides: Mapping[str, str]) -> dict[str, str]:
    """GNS3 template name per node kind: the defaults with the user's ``kind=NAME`` overrides."""
    names = {kind: ntype.gns3_template for kind, ntype in NODE_TYPES.items()}
    unknown = sorted(set(overrides) - set(names))
    if unknown:
        raise UsageError(
            f"--gns3-template: unknown node kind {', '.join(unknown)}",
            f"use one of: {', '.join(sorted(names))}",
        )
    return {**names, **overrides}


def lab_up(
    topo: LabTopology,
    controller: Controller,
    auth: ControllerAuth,
    *,
    replace: bool = False,
    boot_timeout: float = 1800.0,
    gns3_templates: Mapping[str, str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> UpResult:
    """Create the lab on the controller, start it and wait until its nodes have booted."""
    _require(auth, controller)
    consoles: dict[str, str] = {}
    if controller is Controller.CML:
        cml = CmlDriver(auth.url, auth.username, auth.password, verify_tls=auth.verify_tls)
        _replace(cml.find(topo.title), replace, topo.title, cml.remove)
        lab_id = cml.import_lab(cml_yaml(topo), topo.title)
        cml.start(lab_id)
        booted = cml.wait_booted(lab_id, boot_timeout, sleep=sleep, clock=clock)
        states = cml.nodes(lab_id)
        if not booted:
            consoles = _consoles(cml, lab_id, topo, states)
    else:
        gns3 = Gns3Driver(auth.url, auth.username, auth.password, verify_tls=auth.verify_tls)
        _replace(gns3.find(topo.title), replace, topo.title, gns3.remove)
        project = apply_templates(
            gns3_project(topo),
            {n.name: n.kind for n in topo.nodes},
            gns3.templates(),
            template_names(gns3_templates or {}),
        )
        lab_id = gns3.create(project, gns3_files(topo))
        gns3.start(lab_id)
        booted = gns3.wait_started(lab_id, boot_timeout, sleep=sleep, clock=clock)
        states = gns3.nodes(lab_id)
    return UpResult(
        controller=controller.value,
        title=topo.title,
        lab_id=lab_id,
        booted=booted,
        nodes=[NodeStatus(node=n, state=s) for n, s in states],
        consoles=consoles,
    )


def _consoles(
    cml: CmlDriver, lab_id: str, topo: LabTopology, states: list[tuple[str, str]]
) -> dict[str, str]:
    """The console tail of each router that has not booted: what it is stuck on."""
    routers = {n.name for n in topo.nodes if n.role in {"hub", "spoke", "isp", "nat"}}
    out = {}
    for name, state in states:
        if name in routers and state != "BOOTED":
            try:
                out[name] = cml.console(lab_id, name, lines=10)
            except ControllerError as exc:
                out[name] = f"(console not readable: {exc})"
    return out


def _replace(existing: list[str], replace: bool, title: str, remove: Callable[[str], None]) -> None:
    if existing and not replace:
        raise UsageError(
            f"a lab called '{title}' already exists on the controller",
            "run 'dmvpngen lab down' first, or pass --replace",
        )
    for lab_id in existing:
        remove(lab_id)


def lab_down(title: str, controller: Controller, auth: ControllerAuth) -> DownResult:
    """Stop and delete every lab called ``title``."""
    _require(auth, controller)
    driver: CmlDriver | Gns3Driver
    if controller is Controller.CML:
        driver = CmlDriver(auth.url, auth.username, auth.password, verify_tls=auth.verify_tls)
    else:
        driver = Gns3Driver(auth.url, auth.username, auth.password, verify_tls=auth.verify_tls)
    ids = driver.find(title)
    for lab_id in ids:
        driver.remove(lab_id)
    return DownResult(controller=controller.value, title=title, removed=ids)
