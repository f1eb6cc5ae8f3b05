"""``build.py rapport ANNEE``: the annual report on the politique de la ville, DOCX and PDF in dist/."""

from __future__ import annotations

import time
from pathlib import Path

import click

from contrat.application.publication import verifier_separation
from contrat.application.sources import lire
from contrat.cli.reglages import avertir, dire_verification, dist_de, options_sources, publier_et_dire, reglages
from contrat.erreurs import PREFIXE_AVERTISSEMENT


def _annee(ctx: click.Context, param: click.Parameter, valeur: str) -> int:
    texte = valeur.strip()
    if not (texte.isdigit() and len(texte) == 4):
        raise click.BadParameter(f"« {valeur} » n'est pas une année (AAAA, ex. 2025)")
    return int(texte)


@click.command("rapport")
@click.argument("annee", callback=_annee, metavar="ANNEE")
@click.option("--revoyure", is_flag=True,
              help="Revoyure de 2027 : compare aux références et aux cibles 2027 (écart à la cible, cibles manquées).")
@options_sources
@click.option("--dist", type=click.Path(path_type=Path), default=None, help="Dossier de sortie du rapport (défaut : dist).")
@click.pass_context
def rapport_cmd(ctx: click.Context, annee: int, revoyure: bool, sources: Path | None, strict: bool | None,
                dist: Path | None) -> None:
    """Rapport annuel sur la politique de la ville de l'année ANNEE (décret n° 2015-1118, six parties) :
    DOCX et PDF dans dist/, à partir du contrat, des données de suivi (suivi/) et des textes de
    l'année (suivi/rapports/ANNEE/)."""
    from contrat.application.lancement import preparer_conversion
    from contrat.application.rapport import preparer_rapport

    dossier, strict_ = reglages(ctx, sources, strict)
    cible = dist_de(ctx, dist)
    verifier_separation(cible, dossier)
    preparer_conversion()  # started by build.py already (cli/demarrage.py); else now, while the sources are read
    debut = time.perf_counter()
    # The contract's rules run while LibreOffice converts; their findings are printed first all the same.
    preparation = preparer_rapport(dossier, annee, revoyure, strict_, lire(dossier), dire=dire_verification)
    for ligne in preparation.avertissements:
        avertir(PREFIXE_AVERTISSEMENT + ligne)
    publier_et_dire(cible, preparation.fichiers, preparation.nom)
    ensemble = [x for x in preparation.lignes if x.sexe == "ensemble"]
    statuts: dict[str, int] = {}
    for x in ensemble:
        statuts[x.statut] = statuts.get(x.statut, 0) + 1
    bilan = ", ".join(f"{n} {s}" for s, n in sorted(statuts.items(), key=lambda e: -e[1]))
    click.echo(f"✓ {'Revoyure' if revoyure else 'Rapport'} {annee} : {len(ensemble)} lignes d'indicateurs ({bilan}), "
               f"{preparation.actions} action(s) programmée(s) ({time.perf_counter() - debut:.2f} s)")
