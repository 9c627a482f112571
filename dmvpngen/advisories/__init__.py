"""Cisco security advisories for the software a router runs.

``release`` reads release strings (IOS ``15.5(3)M4``, IOS-XE ``3.13.2S``, ``17.3.4a``, or just the
train a config's ``version`` line names) and orders them within a train; ``table`` loads the dated
advisory table shipped in ``dmvpngen/data/advisories.yaml`` and says which advisories a release is
affected by.
"""
