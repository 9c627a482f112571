"""Multi-line banners pushed over real SSH to a simulated router that reads them in IOS text
mode ("Enter TEXT message.  End with the character '#'."), then read back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from dmvpngen.push import ConfigState, Credentials, DeviceStatus, push
from dmvpngen.push.banners import split_banners
from tests.fakeios import FakeLab
from tests.push.netgen import build, options

# a message line that looks like an IOS error must not be taken for one
MOTD = (
    "banner motd #\nAuthorized access only.\n  Ticket 42: maintenance 02:00-04:00 UTC\n"
    "% Unknown users will be prosecuted\nLogged.#\n"
)
ONE_LINE = "banner login %Authorized access only. Ticket #42.%\n"


def test_a_multi_line_banner_is_pushed_in_text_mode_and_lands(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=1)
    spoke = net.targets[1]
    intended = spoke.intended.replace("end\n", MOTD + ONE_LINE + "end\n")
    targets = [net.targets[0], dataclasses.replace(spoke, intended=intended)]
    opts = options(net, tmp_path, commit=True, include_guarded=True)
    report = push(targets, opts, creds)
    dev = report.devices[1]
    assert (dev.status, dev.config_state) == (DeviceStatus.CHANGED, ConfigState.NEW), dev.error
    assert not dev.warnings
    assert "+ Ticket 42: maintenance 02:00-04:00 UTC" in dev.diff
    router = lab.router("spoke1")
    shown = router.show_running()
    # shown as IOS shows it: between ^C marks, the typed line breaks kept
    assert "banner motd ^C\nAuthorized access only.\n" in shown
    assert split_banners(shown)[1] == {
        "motd": "Authorized access only.\nTicket 42: maintenance 02:00-04:00 UTC\n"
        "% Unknown users will be prosecuted\nLogged.",
        "login": "Authorized access only. Ticket #42.",
    }
    # the banner's text lines went to the router as text, not as config commands
    assert not any(line.startswith("Logged") for line, _ in router.config_log)
    assert router.startup == router.config_text()  # saved after it landed
    again = push(targets, opts, creds)
    assert again.devices[1].status is DeviceStatus.UNCHANGED, again.devices[1]


def test_a_changed_multi_line_banner_replaces_the_old_one(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=1)
    spoke = net.targets[1]
    first = dataclasses.replace(spoke, intended=spoke.intended.replace("end\n", MOTD + "end\n"))
    opts = options(net, tmp_path, commit=True, include_guarded=True)
    assert push([net.targets[0], first], opts, creds).devices[1].status is DeviceStatus.CHANGED
    changed = MOTD.replace("Logged.", "Every session is recorded.")
    second = dataclasses.replace(spoke, intended=spoke.intended.replace("end\n", changed + "end\n"))
    report = push([net.targets[0], second], opts, creds)
    assert report.devices[1].status is DeviceStatus.CHANGED, report.devices[1]
    banners = split_banners(lab.router("spoke1").show_running())[1]
    assert banners["motd"].endswith("Every session is recorded.")
    assert lab.router("spoke1").show_running().count("banner motd") == 1


def test_a_refused_banner_reverts_the_router(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=1, faults={"spoke1": {"rejected": [r"^banner motd"]}})
    spoke = net.targets[1]
    targets = [
        net.targets[0],
        dataclasses.replace(spoke, intended=spoke.intended.replace("end\n", MOTD + "end\n")),
    ]
    before = lab.router("spoke1").config_text()
    report = push(targets, options(net, tmp_path, commit=True, include_guarded=True), creds)
    dev = report.devices[1]
    assert (dev.status, dev.config_state) == (DeviceStatus.REVERTED, ConfigState.OLD), dev
    assert "banner motd" in dev.error and "Invalid input" in dev.error
    assert lab.router("spoke1").config_text() == before
