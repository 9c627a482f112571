"""Fact extraction from IOS / IOS-XE configurations (what a DMVPN checker needs to know)."""

from dmvpngen.parse.dmvpn import parse_config, parse_file
from dmvpngen.parse.facts import Device, Interface, Nhs, Tunnel

__all__ = ["Device", "Interface", "Nhs", "Tunnel", "parse_config", "parse_file"]
