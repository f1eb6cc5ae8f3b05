"""Commands on versions and trust: diff, avenant, figer (formerly ``signer``), sign, verify, watch.

Each parses its options, calls the application layer and prints; ``principal`` registers them.
What only one command needs (PDF libraries for sign and verify) is imported by that command:
``check`` runs on every save and every pull request.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import click

from contrat.application.publication import publier, signature_hors_publication, verifier_separation
from contrat.cli.reglages import (
    F,
    avertir,
    date_iso,
    dire_erreur,
    dire_lignes,
    dist_de,
    options_sources,
    publier_et_dire,
    reglages,
    sur_une_ligne,
    verifier_et_dire,
)
from contrat.erreurs import PREFIXE_AVERTISSEMENT, ErreurDocument


@click.command("diff")
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option("--format", "format_", type=click.Choice(["texte", "markdown", "json"]), default="texte",
              show_default=True, help="markdown : pour la description d'une demande de fusion ; json : pour les outils.")
@options_sources
@click.pass_context
def diff_cmd(ctx: click.Context, base: str | None, head: str | None, format_: str, sources: Path | None,
             strict: bool | None) -> None:
    """Changements entre deux versions (défaut : dernière version signée -> sources actuelles),
    tels que l'avenant les énoncera."""
    from contrat.application.avenant import changements

    dossier, _ = reglages(ctx, sources, strict)
    c = changements(dossier, base, head)
    for avertissement in c.avertissements:
        click.echo(PREFIXE_AVERTISSEMENT + avertissement, err=True)
    if not c.articles and not c.representants and format_ != "json":  # tools always read JSON
        click.echo(f"Aucun changement depuis « {c.base} »." if not head
                   else f"Aucun changement entre « {c.base} » et « {head} ».")
        return
    click.echo(c.formater(format_), nl=False)


@click.command("avenant")
@options_sources
@click.option("--dist", type=click.Path(path_type=Path), default=None, help="Dossier de sortie (défaut : dist).")
@click.pass_context
def avenant_cmd(ctx: click.Context, sources: Path | None, strict: bool | None, dist: Path | None) -> None:
    """Écrit l'avenant en cours (DOCX et PDF dans dist/) à partir des changements depuis la version qu'il modifie."""
    from contrat.application.avenant import preparer_avenant
    from contrat.application.lancement import preparer_conversion

    dossier, strict_ = reglages(ctx, sources, strict)
    verifier_separation(dist_de(ctx, dist), dossier)
    preparer_conversion()  # LibreOffice starts while the versions are compared and the articles drafted
    debut = time.perf_counter()
    preparation = preparer_avenant(dossier, strict_, verifier_et_dire(dossier, strict_))
    publier_et_dire(dist_de(ctx, dist), preparation.fichiers, preparation.nom)
    for avertissement in preparation.avertissements:
        click.echo(PREFIXE_AVERTISSEMENT + avertissement, err=True)
    click.echo(f"✓ {preparation.versions.titre()} : {len(preparation.articles)} article(s) de modification "
               f"({time.perf_counter() - debut:.2f} s)")


def _date_signature(f: F) -> F:
    return click.option("--date", "date", callback=date_iso, required=True, metavar="AAAA-MM-JJ",
                        help="Date de signature, identique à celle inscrite dans les sources.")(f)


@click.command("figer")
@_date_signature
@options_sources
@click.pass_context
def figer_cmd(ctx: click.Context, date: dt.date, sources: Path | None, strict: bool | None) -> None:
    """Fige la version actuelle comme signée : manifeste des sources, puis étiquette Git
    (contrat-signe ou avenant-N)."""
    from contrat.application.avenant import figer

    dossier, _ = reglages(ctx, sources, strict)
    etiquette = figer(dossier, date)
    click.echo(f"✓ version signée enregistrée : étiquette « {etiquette} » (git push --tags pour la partager)")


@click.command("signer", hidden=True)
@_date_signature
@options_sources
@click.pass_context
def signer_cmd(ctx: click.Context, date: dt.date, sources: Path | None, strict: bool | None) -> None:
    """Ancien nom de « figer » (conservé pour une version)."""
    click.secho("« build.py signer » s'appelle désormais « build.py figer » (pour ne pas le confondre avec « sign », "
                "la signature électronique du PDF) ; l'ancien nom disparaîtra à la prochaine version.",
                fg="yellow", err=True)
    ctx.invoke(figer_cmd, date=date, sources=sources, strict=strict)


@click.command("sign")
@click.argument("fichier", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--cert", "certificat", type=click.Path(path_type=Path, exists=True, dir_okay=False), required=True,
              help="Certificat du signataire (PKCS#12, .p12/.pfx).")
@click.option("--mot-de-passe", envvar="CONTRAT_MOT_DE_PASSE", default=None,
              help="Mot de passe du certificat (ou variable CONTRAT_MOT_DE_PASSE).")
@click.option("--sortie", type=click.Path(path_type=Path), default=None,
              help="PDF signé (défaut : remplace FICHIER ; pour un PDF de dist/, dist/signes/FICHIER).")
def sign_cmd(fichier: Path, certificat: Path, mot_de_passe: str | None, sortie: Path | None) -> None:
    """Signe le PDF (signature électronique PAdES) ; plusieurs signataires signent tour à tour.
    Un PDF publié par une construction est signé dans dist/signes/, qu'aucune construction ne touche."""
    from contrat.application.verification import signer_fichier

    with signature_hors_publication(fichier, sortie) as (entree, cible, note):
        signe = signer_fichier(entree, certificat, mot_de_passe, cible)
    click.echo(f"✓ {signe.fichier} signé par {signe.signataire} (signature n° {signe.numero})")
    if note:
        click.echo(f"  ({note})")


@click.command("verify")
@click.argument("fichier", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--confiance", type=click.Path(path_type=Path, exists=True, dir_okay=False), multiple=True,
              help="Certificat d'autorité de confiance (PEM/DER) pour valider les signatures.")
@options_sources
@click.pass_context
def verify_cmd(ctx: click.Context, fichier: Path, confiance: tuple[Path, ...], sources: Path | None,
               strict: bool | None) -> None:
    """Dit si chaque signature est intègre et couvre le document, quelle version l'a produit, s'il
    est identique à la reconstruction de ses propres sources, et en quoi elles diffèrent des sources
    actuelles (pour information)."""
    from contrat.application.lancement import preparer_conversion
    from contrat.application.verification import verifier_pdf

    dossier, _ = reglages(ctx, sources, strict)
    preparer_conversion()  # for the rebuild: LibreOffice starts while the signatures are checked
    manifestes = (fichier.parent / "manifest.json", dist_de(ctx) / "manifest.json")
    rapport = verifier_pdf(fichier, dossier, confiance, manifestes)
    # What the PDF says of itself (title, version, commit, signatories' names) is the sender's text:
    # each on its line, none able to start a CI runner's command.
    click.echo(f"Document : {sur_une_ligne(rapport.titre)}")
    click.echo(sur_une_ligne(f"Version : {rapport.version or 'inconnue'} — commit des sources : "
                             f"{rapport.commit or 'inconnu'} ({rapport.etat_version})"))
    for ligne in rapport.lignes:
        dire_lignes(ligne)
    if rapport.problemes:
        raise ErreurDocument("\n".join(f"✗ {p}" for p in rapport.problemes))
    click.echo("✓ Aucune altération détectée.")


@click.command("watch")
@options_sources
@click.option("--dist", type=click.Path(path_type=Path), default=None, help="Dossier de sortie (défaut : dist).")
@click.pass_context
def watch_cmd(ctx: click.Context, sources: Path | None, strict: bool | None, dist: Path | None) -> None:
    """Reconstruit le contrat à chaque enregistrement d'un fichier des sources ou du gabarit, avec un
    LibreOffice gardé ouvert, et dit le temps écoulé jusqu'au PDF à jour (Ctrl-C pour arrêter)."""
    from contrat.application.construction import OptionsConstruction
    from contrat.application.surveillance import surveiller

    dossier, strict_ = reglages(ctx, sources, strict)
    cible = dist_de(ctx, dist)
    verifier_separation(cible, dossier)
    click.echo(f"Surveillance de {dossier} (Ctrl-C pour arrêter)")
    premiere = True
    for r in surveiller(dossier, OptionsConstruction(strict=strict_)):
        if r.erreur is not None:
            dire_erreur(r.erreur)
            click.echo("… en attente d'une correction", err=True)
        elif r.construction is not None:
            publier(cible, r.construction.fichiers, r.construction.nom)
            for ligne in r.construction.rapport:
                avertir(PREFIXE_AVERTISSEMENT + ligne)
            quoi = "construit" if premiere else f"à jour {r.delai:.2f} s après l'enregistrement de " + ", ".join(
                Path(f).name for f in r.fichiers_changes[:3])
            click.echo(f"✓ {cible / (r.construction.nom + '.pdf')} {quoi}")
        premiere = False


COMMANDES = (diff_cmd, avenant_cmd, figer_cmd, signer_cmd, sign_cmd, verify_cmd, watch_cmd)
"""Registered on the main group by ``principal``."""
