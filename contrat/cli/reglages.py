"""What every command shares: the ``--sources``/``--strict`` options, the settings inherited from
the main group, dates typed on the command line, and the French printing of findings."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from contrat.application.publication import publier
from contrat.application.sources import Resultat, verifier, verifier_avec_suivi, verifier_dossier_sources
from contrat.erreurs import ErreurContrat, ErreurSource, Probleme, hors_commandes_ci

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
    click.secho(sur_une_ligne(ligne), fg="yellow", err=True)


# --- findings printed safely: one line each, as GitHub annotations in its runners ---------------

_CONTROLES = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def sur_une_ligne(texte: str) -> str:
    """``texte`` with its line breaks and other control characters made visible (« \\n »): a
    finding is one line whatever the sources wrote (a key « x\\n::error::… » must not start a
    line a CI runner takes for one of its commands)."""
    return hors_commandes_ci(_CONTROLES.sub(lambda m: repr(m.group(0))[1:-1], texte))


def en_annotations() -> bool:
    """Findings printed as GitHub annotations (shown beside the files of a pull request): asked by
    the workflow's check step (CONTRAT_ANNOTATIONS=github), never guessed, so that the tests it
    runs next read the messages as users do."""
    return os.environ.get("CONTRAT_ANNOTATIONS") == "github"


def _donnee_github(texte: str) -> str:
    """GitHub's escaping of a workflow command's message."""
    return hors_commandes_ci(texte.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _propriete_github(texte: str) -> str:
    """GitHub's escaping of a workflow command's property (file, title)."""
    return _donnee_github(texte).replace(":", "%3A").replace(",", "%2C")


def annotation(p: Probleme) -> str:
    """``::error file=…,line=…,col=…::message``: one line, every text escaped as GitHub says."""
    niveau = "warning" if p.gravite == "avertissement" else "error"
    proprietes = f"file={_propriete_github(p.fichier)}"
    if p.ligne:
        proprietes += f",line={p.ligne},col={max(p.colonne, 1)}"
    return f"::{niveau} {proprietes}::{_donnee_github(str(p))}"


def dire_probleme(p: Probleme) -> None:
    if en_annotations():
        click.echo(annotation(p), err=True)
    elif p.gravite == "avertissement":
        avertir(str(p))
    else:
        click.echo(sur_une_ligne(str(p)), err=True)


def dire_erreur(exc: ErreurContrat) -> None:
    """An expected error: each finding on its line (or annotation), other messages line by line,
    none able to start a line with a runner's command."""
    if isinstance(exc, ErreurSource):
        for p in exc.problemes:
            dire_probleme(p)
        click.echo(exc.bilan(), err=True)
        return
    dire_lignes(exc.format_message(), err=True)


def dire_lignes(texte: str, err: bool = False) -> None:
    """A message of several lines, printed line by line, none able to start with a CI runner's
    command (« ::error:: »), whatever a document or its sources wrote in it."""
    for ligne in texte.split("\n"):
        ligne = sur_une_ligne(ligne)
        click.echo(f"> {ligne}" if ligne.lstrip().startswith("::") else ligne, err=err)


def verifier_et_dire(dossier: Path, strict: bool, suivi: bool = False) -> Resultat:
    """Check the sources and say so (``suivi``: the follow-up data beside them too, for check)."""
    resultat = (verifier_avec_suivi if suivi else verifier)(dossier, strict)
    dire_verification(resultat)
    return resultat


def dire_verification(resultat: Resultat) -> None:
    """The check's result: warnings in yellow, then a one-line summary."""
    for a in resultat.avertissements:
        dire_probleme(a)
    c = resultat.contrat
    axes = sum(len(e.axes) for e in c.enjeux)
    criteres = sum(len(r.criteres_evaluation) for e in c.enjeux for a in e.axes for r in a.rangees)

    def compte(n: int, singulier: str, pluriel: str) -> str:
        # French: the singular up to one (« 0 enjeu », « 1 enjeu », « 2 enjeux »).
        return f"{n} {singulier if n <= 1 else pluriel}"

    comptes = [compte(len(c.chapitres), "chapitre", "chapitres"), compte(len(c.enjeux), "enjeu", "enjeux"),
               compte(axes, "axe", "axes"), compte(criteres, "critère", "critères") + " d'évaluation",
               compte(len(c.signataires), "signataire", "signataires")]
    avertissements = compte(len(resultat.avertissements), "avertissement", "avertissements")
    suivi = ""
    if resultat.suivi is not None:
        s = resultat.suivi.suivi
        actions = sum(len(p.actions) for p in s.programmations)
        annees = f" ({s.annees[0]}-{s.annees[-1]})" if len(s.annees) > 1 else f" ({s.annees[0]})" if s.annees else ""
        suivi = (f" ; suivi{annees} : {compte(len(s.valeurs), 'valeur', 'valeurs')}, "
                 f"{compte(actions, 'action', 'actions')} programmée{'s' if actions > 1 else ''}")
    click.echo(f"✓ Sources valides : {', '.join(comptes)} ; {avertissements} ; {resultat.couverture}{suivi} "
               f"({resultat.duree:.2f} s)")


def publier_et_dire(dist: Path, fichiers: dict[str, bytes], ensemble: str) -> None:
    """Publish the set; one line per file, one per folder (the web edition's pages)."""
    dossiers: dict[Path, list[Path]] = {}
    for chemin in publier(dist, fichiers, ensemble):
        if chemin.parent == dist:
            click.echo(f"✓ {chemin} ({chemin.stat().st_size // 1024} Ko)")
        else:
            dossiers.setdefault(dist / chemin.relative_to(dist).parts[0], []).append(chemin)
    for dossier, contenus in dossiers.items():
        taille = sum(c.stat().st_size for c in contenus) // 1024
        click.echo(f"✓ {dossier}/ ({len(contenus)} fichier{'s' if len(contenus) > 1 else ''}, {taille} Ko)")
