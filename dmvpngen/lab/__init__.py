"""Labs: an inventory as a Cisco CML or GNS3 lab (export), booted (drivers) and proven (verify)."""
