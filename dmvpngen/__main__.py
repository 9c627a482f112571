"""Allow ``python -m dmvpngen``."""

from dmvpngen.cli.app import main

main()
