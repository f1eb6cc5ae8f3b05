"""Construit le contrat de ville. Voir README.md ou ``python build.py --help``."""

import sys

from contrat.cli.demarrage import prechauffer

if __name__ == "__main__":
    prechauffer(sys.argv[1:])  # LibreOffice starts while the rest loads (a build only)
    from contrat.cli.principal import lancer

    lancer()
