"""Command line: ``python build.py`` (check + DOCX + PDF) and ``python build.py check``.

The only module that reads argv, prints and writes files.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .erreurs import ErreurContrat, ErreurUsage, LibreOfficeIntrouvable
from .validation import Resultat, valider_dossier
from .version import version_des_sources

RACINE = Path(__file__).resolve().parent.parent
NOM_SORTIE = "contrat-de-ville"


def _options(f):  # noqa: ANN001, ANN202 - click decorator
    f = click.option("--sources", "sources", type=click.Path(path_type=Path), default=None,
                     help="Dossier des sources du contrat (défaut : sources/).")(f)
    f = click.option("--strict", is_flag=True, default=None,
                     help="Les avertissements font échouer la commande.")(f)
    return f


def _reglages(ctx: click.Context, sources: Path | None, strict: bool | None) -> tuple[Path, bool]:
    parent = ctx.obj or {}
    dossier = sources or parent.get("sources") or Path("sources")
    if not dossier.is_dir():
        raise ErreurUsage(f"dossier de sources introuvable : {dossier}")
    if not (dossier / "contrat.yaml").is_file():
        raise ErreurUsage(f"{dossier} ne contient pas de contrat.yaml : est-ce un dossier de sources ?")
    return dossier, bool(strict if strict is not None else parent.get("strict"))


def _afficher_avertissements(resultat: Resultat) -> None:
    for a in resultat.avertissements:
        click.secho(str(a), fg="yellow", err=True)


def _verifier(dossier: Path, strict: bool) -> Resultat:
    debut = time.perf_counter()
    resultat = valider_dossier(dossier, strict=strict)
    _afficher_avertissements(resultat)
    c = resultat.contrat
    axes = sum(len(e.axes) for e in c.enjeux)
    criteres = sum(len(a.criteres_evaluation) for e in c.enjeux for a in e.axes)
    n = len(resultat.avertissements)
    click.echo(f"✓ Sources valides : {len(c.chapitres)} chapitres, {len(c.enjeux)} enjeux, {axes} axes, "
               f"{criteres} critères d'évaluation, {len(c.signataires)} signataires ; "
               f"{n} avertissement{'s' if n > 1 else ''} ({time.perf_counter() - debut:.2f} s)")
    return resultat


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@_options
@click.option("--dist", type=click.Path(path_type=Path), default=Path("dist"), show_default=True,
              help="Dossier de sortie.")
@click.option("--gabarit", type=click.Path(path_type=Path), default=None,
              help="Gabarit Word (défaut : templates/contrat.docx).")
@click.pass_context
def main(ctx: click.Context, sources: Path | None, strict: bool | None, dist: Path, gabarit: Path | None) -> None:
    """Construit le contrat de ville : vérification des sources, DOCX puis PDF dans dist/."""
    ctx.obj = {"sources": sources, "strict": strict}
    if ctx.invoked_subcommand is None:
        _construire(ctx, dist, gabarit)


@main.command("check")
@_options
@click.pass_context
def check(ctx: click.Context, sources: Path | None, strict: bool | None) -> None:
    """Vérifie les sources sans rien produire (la commande des demandes de fusion)."""
    dossier, strict_ = _reglages(ctx, sources, strict)
    _verifier(dossier, strict_)


def _construire(ctx: click.Context, dist: Path, gabarit: Path | None) -> None:
    from .rendu.docx import OptionsRendu, rendre_docx
    from .rendu.pdf import polices_non_admises, rendre_pdf
    from .sortie import publier

    dossier, strict = _reglages(ctx, None, None)
    resultat = _verifier(dossier, strict)
    modele = gabarit or _gabarit_par_defaut(dossier)
    if not modele.is_file():
        raise ErreurUsage(f"gabarit Word introuvable : {modele}")
    version = version_des_sources(dossier)
    from .rendu.docx import date_en_lettres

    mention = f"Version des sources : {version.libelle} du {date_en_lettres(version.date.date())}"
    options = OptionsRendu(gabarit=modele, date=version.date, version=version.libelle, commit=version.commit,
                           mention=mention, dossier_sources=dossier)
    debut = time.perf_counter()
    docx = rendre_docx(resultat.contrat, options)
    click.echo(f"✓ DOCX rendu ({time.perf_counter() - debut:.2f} s)")
    debut = time.perf_counter()
    try:
        pdf = rendre_pdf(resultat.contrat, options, docx)
    except LibreOfficeIntrouvable:
        chemins = publier(dist, {f"{NOM_SORTIE}.docx": docx})
        click.echo(f"✓ {chemins[0]}")
        raise
    click.echo(f"✓ PDF rendu par LibreOffice, sommaire calculé ({time.perf_counter() - debut:.2f} s)")
    for police in polices_non_admises(pdf.pdf):
        click.secho(f"avertissement : police « {police} » utilisée dans le PDF : une police du gabarit "
                    "est absente de cette machine et a été remplacée", fg="yellow", err=True)
    chemins = publier(dist, {f"{NOM_SORTIE}.docx": pdf.docx, f"{NOM_SORTIE}.pdf": pdf.pdf})
    for chemin in chemins:
        click.echo(f"✓ {chemin} ({chemin.stat().st_size // 1024} Ko)")


def _gabarit_par_defaut(dossier: Path) -> Path:
    voisin = dossier.resolve().parent / "templates" / "contrat.docx"
    return voisin if voisin.is_file() else RACINE / "templates" / "contrat.docx"


def lancer() -> None:
    """Entry point: expected errors print in French without traceback (--debug shows it)."""
    debug = "--debug" in sys.argv
    if debug:
        sys.argv.remove("--debug")
    try:
        main.main(standalone_mode=False, prog_name="build.py")
    except ErreurContrat as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Interrompu.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except Exception as exc:  # a bug: say so, in French, traceback only on demand
        if debug:
            raise
        click.echo(f"Erreur interne inattendue ({type(exc).__name__} : {exc}). "
                   "Relancer avec --debug pour le détail et signaler le problème.", err=True)
        sys.exit(70)
