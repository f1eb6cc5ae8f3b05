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


@click.command("init")
@click.argument("dossier", type=click.Path(path_type=Path))
def init_cmd(dossier: Path) -> None:
    """Crée le projet du contrat d'un nouveau territoire dans DOSSIER (nouveau ou vide) : des
    sources commentées (deux quartiers, deux enjeux, une annexe) qui se construisent aussitôt, les
    schémas, les gabarits Word et un dépôt Git."""
    from contrat.application.projet import initialiser

    for fait in initialiser(dossier):
        click.echo(f"✓ {fait}")
    click.echo(f"Ensuite : python build.py check --sources {dossier / 'sources'} ; "
               f"python build.py --sources {dossier / 'sources'} --dist {dossier / 'dist'}")


COMMANDES_PROJET = (schema_cmd, init_cmd)
"""Registered on the main group by ``principal``, beside the commands of ``commandes``."""
