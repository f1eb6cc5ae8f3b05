"""What every command shares: the ``--sources``/``--strict`` options, the settings inherited from
the main group, dates typed on the command line, and the French printing of findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from contrat.application.publication import publier
from contrat.application.sources import verifier, verifier_dossier_sources
from contrat.controles.dossier import Resultat

F = TypeVar("F", bound=Callable[..., Any])


def options_sources(f: F) -> F:
    f = click.option("--sources", "sources", type=click.Path(path_type=Path), default=None,
                     help="Dossier des sources du contrat (défaut : sources/).")(f)
    f = click.option("--strict", is_flag=True, default=None,
                     help="Les avertissements font échouer la commande.")(f)
    return f


def reglages(ctx: click.Context, sources: Path | None, strict: bool | None) -> tuple[Path, bool]:
    """The sources folder and strictness: the command's own options, else the main group's."""
    parent = ctx.obj or {}
    dossier = sources or parent.get("sources") or Path("sources")
    verifier_dossier_sources(dossier)
    return dossier, bool(strict if strict is not None else parent.get("strict"))


def dist_de(ctx: click.Context, dist: Path | None = None) -> Path:
    return dist or (ctx.obj or {}).get("dist") or Path("dist")


def date_iso(ctx: click.Context, param: click.Parameter, valeur: str | None) -> dt.date | None:
    if valeur is None:
        return None
    try:
        return dt.date.fromisoformat(valeur)
    except ValueError:
        raise click.BadParameter(f"« {valeur} » n'est pas une date AAAA-MM-JJ") from None


def avertir(ligne: str) -> None:
    click.secho(ligne, fg="yellow", err=True)


def verifier_et_dire(dossier: Path, strict: bool) -> Resultat:
    """Check the sources and say so."""
    resultat = verifier(dossier, strict)
    dire_verification(resultat)
    return resultat


def dire_verification(resultat: Resultat) -> None:
    """The check's result: warnings in yellow, then a one-line summary."""
    for a in resultat.avertissements:
        avertir(str(a))
    c = resultat.contrat
    axes = sum(len(e.axes) for e in c.enjeux)
    criteres = sum(len(r.criteres_evaluation) for e in c.enjeux for a in e.axes for r in a.rangees)
    n = len(resultat.avertissements)
    click.echo(f"✓ Sources valides : {len(c.chapitres)} chapitres, {len(c.enjeux)} enjeux, {axes} axes, "
               f"{criteres} critères d'évaluation, {len(c.signataires)} signataires ; "
               f"{n} avertissement{'s' if n > 1 else ''} ({resultat.duree:.2f} s)")


def publier_et_dire(dist: Path, fichiers: dict[str, bytes], ensemble: str) -> None:
    for chemin in publier(dist, fichiers, ensemble):
        click.echo(f"✓ {chemin} ({chemin.stat().st_size // 1024} Ko)")
