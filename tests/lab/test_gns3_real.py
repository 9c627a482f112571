"""The GNS3 driver against real controllers (gns3-server 3.x and 2.2 from PyPI) on 127.0.0.1.

No router image ships with the tests: IOU and QEMU templates point at placeholder images, so
what a controller without images can do really happens (project, nodes from the templates,
built-in Ethernet switches, VPCS hosts, links, day-0 files written and read back) and starting
the routers is refused by the controller, which the driver must report node by node. Switches
need Dynamips on the controller host (.ci/dynamips.sh provides Debian's); without it the
lifecycle runs on the lab less its switches. Clouds need uBridge, which no package provides
here: the tests check that its refusal is reported and that nothing is left behind.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dmvpngen.cli.app import app
from dmvpngen.lab.build import build_lab
from dmvpngen.lab.drivers.gns3 import Gns3Driver
from dmvpngen.lab.drivers.redact import ControllerError
from dmvpngen.lab.export.gns3 import gns3_files, write_gns3
from dmvpngen.lab.model import LabOptions, LabTopology
from dmvpngen.lab.nodes import RouterNode
from dmvpngen.lab.ops import Controller, ControllerAuth, lab_down, lab_up
from tests.lab.gns3_server import ADMIN, Gns3Server, add_templates, has_dynamips
from tests.lab.helpers import REPO, load, stand_in_configs

OPTIONS = LabOptions(
    xe_node=RouterNode.CAT8000V,  # a QEMU template
    ios_node=RouterNode.IOL_XE,  # an IOU template
    infra_node=RouterNode.IOL_XE,
    lan_hosts=True,  # VPCS hosts
    nat=frozenset({"branch3"}),
)


def _auth(server: Gns3Server) -> ControllerAuth:
    return ControllerAuth(server.url, *ADMIN)


def _templated(server: Gns3Server) -> Gns3Driver:
    driver = Gns3Driver(server.url, *ADMIN)
    if not any(t["name"] == "Cisco IOU L3" for t in driver.templates()):
        add_templates(driver.api)
    return driver


def _without_switches(topo: LabTopology) -> LabTopology:
    """The lab less its Ethernet switches and their cables: what a controller without
    Dynamips can build."""
    switches = {n.name for n in topo.nodes if n.role == "switch"}
    assert switches, "the lab should have a switch for the refusal test to mean anything"
    return replace(
        topo,
        nodes=[n for n in topo.nodes if n.name not in switches],
        links=[lk for lk in topo.links if not {lk.a_node, lk.b_node} & switches],
    )


def _lab() -> LabTopology:
    inv = load("lab-mix.yml")
    return build_lab(inv, stand_in_configs(inv), OPTIONS)


def test_version_detection_and_login(gns3_server: Gns3Server) -> None:
    driver = Gns3Driver(gns3_server.url + f"/{gns3_server.api}", *ADMIN)
    assert driver.version == gns3_server.version
    assert driver.api.prefix == gns3_server.api
    with pytest.raises(ControllerError, match="HTTP 401") as err:
        Gns3Driver(gns3_server.url, "admin", "Wrong-Pw-123")
    assert "Wrong-Pw-123" not in str(err.value)
    # 3.x wants a user before any call; 2.2 with basic auth on refuses the anonymous call
    with pytest.raises(ControllerError, match=r"needs a user|HTTP 401"):
        Gns3Driver(gns3_server.url)


def test_whole_lifecycle(gns3_server: Gns3Server) -> None:
    driver = _templated(gns3_server)
    topo = _lab() if has_dynamips() else _without_switches(_lab())
    with pytest.raises(ControllerError) as err:
        lab_up(topo, Controller.GNS3, _auth(gns3_server), sleep=lambda _: None)
    # the controller refused to start the image-less nodes, and the driver says which and why
    message = str(err.value)
    assert f"GNS3 {gns3_server.version} refused to start" in message
    # IOU routers can never start here (no licence, no real image); QEMU ones cannot without
    # qemu-img and a real disk image, which a machine with QEMU installed might half-provide
    for node in topo.nodes:
        if node.kind == "iol-xe":
            assert f"{node.name}: " in message, message
    [pid] = driver.find(topo.title)
    # every node and cable exists on the controller, made from the server's templates
    # switches (Dynamips) start; the routers and hosts cannot
    states = {n.name: ("started" if n.role == "switch" else "stopped") for n in topo.nodes}
    assert driver.nodes(pid) == sorted(states.items())
    links = driver.api.get_list(f"projects/{pid}/links", "link_id")
    assert len(links) == len(topo.links)
    made = {n["name"]: n for n in driver.api.get_list(f"projects/{pid}/nodes", "node_id", "name")}
    assert made["hub2"]["node_type"] == "iou"
    assert made["hub2"]["properties"]["path"].endswith("i86bi-linux-l3-test.bin")
    assert made["hub1"]["properties"]["hda_disk_image"].endswith("c8000v-test.qcow2")
    assert made["host-hub1-0"]["node_type"] == "vpcs"
    if has_dynamips():
        assert made["sw-isp-internet"]["node_type"] == "ethernet_switch"
    # every day-0 file reads back byte for byte
    files = {k: v for k, v in gns3_files(topo).items() if k.startswith("project-files/")}
    assert len(files) == len([n for n in topo.nodes if n.role != "switch"])
    for rel, data in files.items():
        node_id, name = rel.split("/")[2:]
        assert driver.read_file(pid, node_id, name) == data, rel
    # down stops and deletes; nothing is left on the controller or on its disk
    assert lab_down(topo.title, Controller.GNS3, _auth(gns3_server)).removed == [pid]
    assert driver.find(topo.title) == []
    assert not (gns3_server.projects_dir / pid).exists()


def test_cli_refused_node_leaves_nothing(gns3_server: Gns3Server) -> None:
    """``lab up -c gns3`` from the CLI with a management cloud, which needs uBridge."""
    driver = _templated(gns3_server)
    inventory = REPO / "inventories" / "phase3-single-hub-eigrp.yml"
    args = ["lab", "up", str(inventory), "-c", "gns3", "--url", gns3_server.url]
    args += ["--user", ADMIN[0], "--password", ADMIN[1], "--overlay-timeout", "0"]
    args += ["--xe-node", "iol-xe", "--ios-node", "iol-xe", "--infra-node", "iol-xe"]
    result = CliRunner().invoke(app, [*args, "--mgmt", "192.168.255.0/24"])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    said = " ".join(result.output.split())
    refusal = "uBridge" if has_dynamips() else "Dynamips"  # switches come first, then the cloud
    assert "error: node " in said and refusal in said, said
    down = CliRunner().invoke(
        app,
        [
            "lab",
            "down",
            str(inventory),
            "-c",
            "gns3",
            "--url",
            gns3_server.url,
            "--user",
            ADMIN[0],
            "--password",
            ADMIN[1],
        ],
    )
    assert down.exit_code == 0, down.output
    assert "no lab called" in down.output  # the half-built project was deleted by 'up'
    assert driver.find("dmvpngen-phase3-single-hub-eigrp") == []
    assert not [p for p in gns3_server.projects_dir.iterdir() if (p / "project-files").exists()]


def test_exported_project_imports(gns3_server: Gns3Server, tmp_path: Path) -> None:
    """``lab export --gns3`` output, zipped as GNS3's portable project, imports as it is."""
    driver = _templated(gns3_server)
    topo = _lab()
    write_gns3(topo, tmp_path)
    project = json.loads((tmp_path / f"{topo.title}.gns3").read_text())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(tmp_path / f"{topo.title}.gns3", "project.gns3")
        for path in sorted((tmp_path / "project-files").rglob("*")):
            if path.is_file():
                archive.write(path, str(path.relative_to(tmp_path)))
    pid = driver.import_project(project["project_id"], topo.title, buffer.getvalue())
    try:
        assert pid == project["project_id"]
        assert driver.find(topo.title) == [pid]
        stored_dir = gns3_server.projects_dir / pid
        stored = json.loads(next(stored_dir.glob("*.gns3")).read_text())
        assert sorted(n["name"] for n in stored["topology"]["nodes"]) == sorted(
            n.name for n in topo.nodes
        )
        assert len(stored["topology"]["links"]) == len(topo.links)
        # GNS3 gives imported nodes new ids and moves their files along
        new_ids = {n["name"]: n["node_id"] for n in stored["topology"]["nodes"]}
        old_names = {n["node_id"]: n["name"] for n in project["topology"]["nodes"]}
        for rel, data in gns3_files(topo).items():
            if rel.startswith("project-files/"):
                _, kind, old, name = rel.split("/")
                moved = stored_dir / "project-files" / kind / new_ids[old_names[old]] / name
                assert moved.read_bytes() == data, rel
        # Opening makes every node on the compute. The export names no image (the user picks
        # one): GNS3 2.2 opens it anyway, 3.x refuses until an IOU node has one.
        if gns3_server.api == "v3":
            with pytest.raises(ControllerError, match="IOU image is not configured"):
                driver.api.call("POST", f"projects/{pid}/open")
        elif has_dynamips():
            driver.api.call("POST", f"projects/{pid}/open")
            assert [n for n, _ in driver.nodes(pid)] == sorted(n.name for n in topo.nodes)
            links = driver.api.get_list(f"projects/{pid}/links", "link_id")
            assert len(links) == len(topo.links)
    finally:
        driver.api.call("DELETE", f"projects/{pid}")
    assert driver.find(topo.title) == []
