"""Type 9 hashes: real and verifiable in every config that is written or pushed, never computed
where the network is rendered only to reason about routing, and the same from a pool as from one
thread."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from dmvpngen.check.engine import check_devices
from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.pipeline import build_network, load_and_validate
from dmvpngen.render import RenderedConfig, passwords, render_for_analysis, render_inventory
from dmvpngen.render.passwords import DEFERRED_MARK, hash_all
from dmvpngen.validate.routed import check_routing
from tests.matrix import matrix_inventory, write_inventory

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "inventories").glob("*.yml"))
_HASHED = re.compile(r"^(?:enable secret 9|username (\S+) privilege \d+ secret 9) (\S+)$", re.M)
_CISCO64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_STD64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _verifies(secret: str, stored: str) -> bool:
    """What IOS does at login: scrypt the typed secret with the stored salt, compare."""
    _, nine, salt, encoded = stored.split("$")
    raw = hashlib.scrypt(secret.encode(), salt=salt.encode(), n=16384, r=1, p=1, dklen=32)
    std = base64.b64encode(raw).decode().rstrip("=")
    return nine == "9" and std.translate(str.maketrans(_STD64, _CISCO64)) == encoded


def test_written_configs_carry_verifiable_distinct_hashes() -> None:
    net = build_network(EXAMPLES[0])
    enable = net.secrets.get(("management", "enable_secret"))
    users = {
        u.name: net.secrets.get(("management", "users", i, "secret"))
        for i, u in enumerate(net.loaded.inventory.management.users)
    }
    salts = []
    for cfg in net.configs.values():
        found = _HASHED.findall(cfg.text)
        assert len(found) == (1 if enable else 0) + len(users), cfg.hostname
        for user, stored in found:
            secret = users[user] if user else enable
            assert secret is not None and _verifies(secret, stored), (cfg.hostname, user)
            assert not _verifies(secret + "x", stored)
            salts.append(stored.split("$")[2])
        assert DEFERRED_MARK not in cfg.text
    assert len(salts) == len(set(salts)) > 1  # one salt per router and purpose


def test_a_config_with_deferred_hashes_cannot_become_one_to_write() -> None:
    loaded, secrets, _ = load_and_validate(EXAMPLES[0])
    first = render_for_analysis(loaded.inventory, secrets)[0]
    assert DEFERRED_MARK in first.text
    with pytest.raises(ValueError, match="deferred password hashes"):
        RenderedConfig(first.hostname, first.role, first.platform, first.text)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_analysis_render_differs_only_in_the_hashes(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded, secrets, _ = load_and_validate(example)
    real = render_inventory(loaded.inventory, secrets)

    def no_scrypt(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("scrypt computed for a render that only reasons about routing")

    monkeypatch.setattr(passwords.hashlib, "scrypt", no_scrypt)
    passwords.type9_hash.cache_clear()
    deferred = render_for_analysis(loaded.inventory, secrets)
    assert [c.hostname for c in deferred] == [c.hostname for c in real]
    for a, r in zip(deferred, real, strict=True):
        a_lines, r_lines = a.text.splitlines(), r.text.splitlines()
        assert len(a_lines) == len(r_lines)
        differ = [(x, y) for x, y in zip(a_lines, r_lines, strict=True) if x != y]
        assert differ == [
            (x, y) for x, y in zip(a_lines, r_lines, strict=True) if DEFERRED_MARK in x
        ]
        assert all(x.rsplit(" ", 1)[0] == y.rsplit(" ", 1)[0] for x, y in differ)
    # what validate and check conclude is the same on either render
    on_real = check_devices([parse_config(c.text, f"{c.hostname}.cfg") for c in real])
    on_deferred = check_devices([parse_config(c.text, f"{c.hostname}.cfg") for c in deferred])
    assert on_deferred.findings == on_real.findings
    check_routing(loaded, secrets)  # and validate itself runs without hashing


def test_pool_and_one_thread_render_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = matrix_inventory(3, "eigrp", 2, spokes=12)
    loaded, secrets, _ = load_and_validate(write_inventory(tmp_path, data))
    pools = []
    real_pool = passwords.ThreadPoolExecutor

    def recording_pool(*args: object, **kwargs: object) -> object:
        pools.append(kwargs.get("max_workers"))
        return real_pool(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(passwords, "ThreadPoolExecutor", recording_pool)
    pooled = render_inventory(loaded.inventory, secrets, hash_workers=3)
    assert pools == [3]
    passwords.type9_hash.cache_clear()
    serial = render_inventory(loaded.inventory, secrets, hash_workers=1)
    assert pools == [3]  # one thread: no pool
    assert [c.text for c in pooled] == [c.text for c in serial]
    assert len({m.group(2) for c in serial for m in _HASHED.finditer(c.text)}) == 2 * len(serial)


def test_hash_all_is_a_pure_function_of_its_jobs() -> None:
    jobs = [("s3cret-value", f"enable@r{n}") for n in range(10)] * 2
    assert hash_all(jobs, 4) == hash_all(jobs, 1)
    assert len(hash_all(jobs, 4)) == 10
