"""Security lint for Cisco IOS / IOS-XE configs (any router, DMVPN-aware)."""
