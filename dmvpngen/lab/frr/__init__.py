"""The FRR engine: an inventory as Linux namespaces running FRRouting nhrpd/bgpd and strongSwan
inside one QEMU virtual machine, with the proof of what the design promises."""
