"""``build.py conformite``: the contract against the texts, in the terminal, Markdown or JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from contrat.application.conformite import revue_de_conformite
from contrat.cli.reglages import date_iso, dire_lignes, dist_de, options_sources, reglages


@click.command("conformite")
@click.option("--format", "format_", type=click.Choice(["texte", "markdown", "json"]), default="texte",
              show_default=True, help="texte (terminal), markdown (résumé d'une CI), json (outils).")
@click.option("--date", "date", callback=date_iso, default=None, metavar="AAAA-MM-JJ",
              help="Juge selon les textes en vigueur ce jour-là (défaut : la date de signature, sinon aujourd'hui).")
@options_sources
@click.option("--dist", type=click.Path(path_type=Path), default=None,
              help="Dossier du PDF construit, qui donne la page de chaque chapitre (défaut : dist).")
@click.pass_context
def conformite_cmd(ctx: click.Context, format_: str, date: dt.date | None, sources: Path | None,
                   strict: bool | None, dist: Path | None) -> None:
    """Tableau de conformité : chaque exigence des textes (loi n° 2014-173, décrets, circulaires)
    → statut → où dans les sources → source datée. Sortie 0 (un rapport), 1 si les sources sont
    invalides."""
    dossier, _ = reglages(ctx, sources, strict)
    dire_lignes(revue_de_conformite(dossier, format_, date, dist_de(ctx, dist)).texte)
