"""Commands around a project: ``schema`` (JSON Schemas and reference page) and ``init``."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("schema")
@click.option("--projet", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="Dossier du projet : les schémas vont dans schemas/, la référence dans docs/.")
def schema_cmd(projet: Path) -> None:
    """Écrit les schémas JSON des fichiers des sources (complétion et vérification dans l'éditeur)
    et la page de référence de tous leurs champs, tirés du modèle."""
    from contrat.application.projet import ecrire_schemas

    for chemin in ecrire_schemas(projet):
        click.echo(f"✓ {chemin}")


COMMANDES_PROJET = (schema_cmd,)
"""Registered on the main group by ``principal``."""
