"""Command line: ``python build.py`` (check + DOCX + PDF), ``python build.py check``, and every
other command registered explicitly below. Parses options, calls the application layer, prints,
publishes, and maps errors to exit codes.
"""

from __future__ import annotations

import datetime as dt
import errno
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import click

from contrat.application.publication import publier, verifier_separation
from contrat.application.sources import lire
from contrat.cli.commandes import COMMANDES
from contrat.cli.conformite import conformite_cmd
from contrat.cli.projet import COMMANDES_PROJET
from contrat.cli.rapport import rapport_cmd
from contrat.cli.reglages import (
    avertir,
    date_iso,
    dire_erreur,
    dire_verification,
    options_sources,
    publier_et_dire,
    reglages,
    verifier_et_dire,
)
from contrat.erreurs import PREFIXE_AVERTISSEMENT, ErreurContrat

if TYPE_CHECKING:  # building imports Git and the printed contract: not for check
    from contrat.application.construction import Construction


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@options_sources
@click.option("--dist", type=click.Path(path_type=Path), default=Path("dist"), show_default=True,
              help="Dossier de sortie.")
@click.option("--gabarit", type=click.Path(path_type=Path), default=None,
              help="Gabarit Word (défaut : templates/contrat.docx).")
@click.option("--a-la-date", "a_la_date", callback=date_iso, default=None, metavar="AAAA-MM-JJ",
              help="Construit le contrat tel qu'il était en vigueur ce jour-là (versions signées).")
@click.option("--force", is_flag=True, help="Reconstruit même si rien n'a changé depuis la dernière construction.")
# Read by ``lancer`` before click, with any command: declared here so that --help shows it.
@click.option("--debug", is_flag=True, expose_value=False,
              help="En cas d'erreur interne, affiche la trace Python (pour signaler le problème).")
@click.pass_context
def main(ctx: click.Context, sources: Path | None, strict: bool | None, dist: Path, gabarit: Path | None,
         a_la_date: dt.date | None, force: bool) -> None:
    """Construit le contrat de ville : vérification des sources, DOCX puis PDF dans dist/ (rien
    n'est refait si les sources, le gabarit, le programme et Git n'ont pas changé)."""
    ctx.obj = {"sources": sources, "strict": strict, "dist": dist}
    if ctx.invoked_subcommand is not None:
        return
    from contrat.application.construction import (
        OptionsConstruction,
        a_jour,
        construire,
        construire_a_la_date,
        empreinte_des_entrees,
    )
    from contrat.application.lancement import preparer_conversion

    dossier, strict_ = reglages(ctx, None, None)
    verifier_separation(dist, dossier)
    options = OptionsConstruction(gabarit=gabarit, strict=strict_)
    if a_la_date:
        etiquette, construction = construire_a_la_date(dossier, a_la_date, options)
        click.echo(f"Version en vigueur le {a_la_date:%d/%m/%Y} : « {etiquette} »")
    else:
        entrees = "" if force else empreinte_des_entrees(dossier, options)
        if entrees and a_jour(dist, options.nom, entrees):
            click.echo(f"✓ {dist / (options.nom + '.pdf')} est à jour : rien n'a changé depuis la dernière "
                       "construction (--force pour reconstruire)")
            return
        preparer_conversion()
        # The fingerprint taken before the build is the one recorded: a file saved meanwhile rebuilds next time.
        # The sources' rules run while LibreOffice converts; their findings are printed first all the same.
        construction = construire(dossier, options, lire(dossier), entrees, dire=dire_verification)
    dire_et_publier(construction, dist)


def dire_et_publier(construction: Construction, dist: Path) -> None:
    """Say how each step went, then publish the set (the DOCX alone without LibreOffice)."""
    for etape, duree in construction.durees.items():
        if etape == "DOCX":
            click.echo(f"✓ DOCX rendu ({duree:.2f} s)")
        elif etape == "PDF":
            click.echo(f"✓ PDF rendu par LibreOffice, sommaire calculé ({duree:.2f} s)")
    if construction.libreoffice_absent is not None:
        chemins = publier(dist, construction.fichiers, construction.nom)
        click.echo(f"✓ {chemins[0]} (le PDF et le manifeste précédents sont retirés : ils ne correspondent plus)")
        raise construction.libreoffice_absent
    for ligne in construction.rapport:
        avertir(PREFIXE_AVERTISSEMENT + ligne)
    publier_et_dire(dist, construction.fichiers, construction.nom)


@main.command("check")
@options_sources
@click.pass_context
def check(ctx: click.Context, sources: Path | None, strict: bool | None) -> None:
    """Vérifie les sources sans rien produire (la commande des demandes de fusion)."""
    verifier_et_dire(*reglages(ctx, sources, strict), suivi=True)


for _commande in (*COMMANDES, *COMMANDES_PROJET, rapport_cmd, conformite_cmd):  # diff, avenant, figer (formerly signer), sign,
    main.add_command(_commande)                                # verify, watch; schema, init; rapport, conformite


def lancer(argv: list[str] | None = None) -> None:
    """Entry point (``argv``: the arguments, default the command line's): expected errors print in
    French without traceback (--debug shows it), and the process exits with their code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if threading.current_thread() is threading.main_thread():
        # Stopped by a signal (kill, CI cancelling a job): leave as on Ctrl-C, so that what the
        # build started (a LibreOffice kept running) is stopped with it.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    debug = "--debug" in args
    if debug:
        args.remove("--debug")
    try:
        main.main(args=args, standalone_mode=False, prog_name="build.py")
    except ErreurContrat as exc:
        dire_erreur(exc)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Interrompu.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM):
            _erreur_interne(exc, debug)
        quoi = {errno.ENOSPC: "disque plein", errno.EDQUOT: "quota disque atteint", errno.EROFS: "disque en lecture seule"}
        click.echo(f"{exc.filename or 'écriture'} : {quoi.get(exc.errno or 0, 'accès refusé')} ; rien n'a été publié, "
                   "la sortie précédente est conservée", err=True)
        sys.exit(3)
    except Exception as exc:  # a bug: say so, in French, traceback only on demand
        _erreur_interne(exc, debug)


def _erreur_interne(exc: Exception, debug: bool) -> None:
    """A genuine bug: said in French, exit 70, the traceback only with --debug."""
    if debug:
        raise exc
    click.echo(f"Erreur interne inattendue ({type(exc).__name__} : {exc}). "
               "Relancer avec --debug pour le détail et signaler le problème.", err=True)
    sys.exit(70)
