"""Construit le contrat de ville. Voir README.md ou ``python build.py --help``."""

from contrat.cli.principal import lancer

if __name__ == "__main__":
    lancer()
