"""Construit le contrat de ville. Voir README.md ou ``python build.py --help``."""

import sys

from contrat.cli.demarrage import prechauffer, quitter

if __name__ == "__main__":
    prechauffer(sys.argv[1:])  # LibreOffice starts while the rest loads (a build only)
    from contrat.cli.principal import lancer

    try:
        lancer()
        quitter(0)
    except SystemExit as fin:
        quitter(fin.code)
