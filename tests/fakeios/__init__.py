"""A simulated Cisco IOS router over real SSH (FakeNOS-based), for push, verify and lab tests."""

from tests.fakeios.lab import FakeLab
from tests.fakeios.router import FakeNetwork, FakeRouter
from tests.fakeios.server import FakeIOSServer, wait_for_port

__all__ = ["FakeIOSServer", "FakeLab", "FakeNetwork", "FakeRouter", "wait_for_port"]
