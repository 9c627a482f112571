"""Allow ``python -m dmvpngen``."""

from dmvpngen.cli.entry import main

main()
