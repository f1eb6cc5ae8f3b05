"""Commands on versions and trust: diff, avenant, signer, sign, verify.

``cli`` registers them (``COMMANDES``) on its main group; the steps they share are in ``construction``.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import click

from contrat.amendements.origine import version_des_sources
from contrat.application.construction import (
    NOM_SORTIE,
    construire,
    date_iso,
    gabarit_par_defaut,
    historique,
    options_sources,
    reglages,
    verifier_sources,
)
from contrat.controles.dossier import valider_dossier
from contrat.erreurs import ErreurDocument, ErreurUsage


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
    from contrat.amendements.depot import Depot, charger_version, verifier_integrite
    from contrat.amendements.rapport import formater_articles, representants

    dossier, _ = reglages(ctx, sources, strict)
    depot = Depot.de(dossier)
    verifier_integrite(depot, dossier)
    base = base or _derniere_signee(depot)
    ancien = charger_version(depot, base)
    nouveau = charger_version(depot, head) if head else valider_dossier(dossier).contrat
    versions = _versions_imprimees(depot, ancien, nouveau, base=base)
    liste = articles_de(versions)
    representants_ = representants(ancien, nouveau)
    titre = f"Changements de « {base} » à « {head} »" if head else f"Changements depuis « {base} » (sources actuelles)"
    if not liste and not representants_:
        click.echo(f"Aucun changement depuis « {base} »." if not head else f"Aucun changement entre « {base} » et « {head} ».")
        return
    click.echo(formater_articles(liste, representants_, format_, titre), nl=False)


def _versions_imprimees(depot, ancien, nouveau, avenant=None, base: str = "", precedents=()):  # noqa: ANN001, ANN202
    """Both versions with the contract as first signed (whose signature page they both print)."""
    from contrat.amendements.avenant import Versions
    from contrat.amendements.depot import ETIQUETTE_CONTRAT, charger_version

    if base == ETIQUETTE_CONTRAT or not depot.existe(ETIQUETTE_CONTRAT):
        initial = ancien
    else:
        initial = charger_version(depot, ETIQUETTE_CONTRAT)
    return Versions(ancien, nouveau, avenant, base, tuple(precedents), initial)


def articles_de(versions):  # noqa: ANN001, ANN201
    from contrat.amendements.avenant import articles
    from contrat.amendements.redaction import ErreurRedaction
    from contrat.erreurs import ErreurRendu

    try:
        return articles(versions)
    except ErreurRedaction as exc:
        raise ErreurRendu(f"rédaction de l'avenant impossible : {exc}") from None


def _derniere_signee(depot) -> str:  # noqa: ANN001
    from contrat.amendements.depot import ETIQUETTE_CONTRAT, ErreurVersion

    signees = depot.etiquettes_signees()
    if not signees:
        raise ErreurVersion(f"aucune version signée dans le dépôt : l'étiquette « {ETIQUETTE_CONTRAT} » "
                            "n'existe pas (python build.py signer --date AAAA-MM-JJ la crée)")
    return signees[-1]


@click.command("avenant")
@options_sources
@click.option("--dist", type=click.Path(path_type=Path), default=None, help="Dossier de sortie (défaut : dist).")
@click.pass_context
def avenant_cmd(ctx: click.Context, sources: Path | None, strict: bool | None, dist: Path | None) -> None:
    """Écrit l'avenant en cours (DOCX et PDF dans dist/) à partir des changements depuis la version qu'il modifie."""
    from contrat.amendements.depot import Depot, ErreurVersion, charger_version, etiquette_avenant, verifier_integrite
    from contrat.application.publication import publier
    from contrat.rendu.avenant import pdf_avenant_complet, rendre_avenant, titre_avenant
    from contrat.rendu.docx import OptionsRendu

    dossier, strict_ = reglages(ctx, sources, strict)
    depot = Depot.de(dossier)
    verifier_integrite(depot, dossier)
    nouveau = verifier_sources(dossier, strict_).contrat
    if not nouveau.avenants:
        raise ErreurVersion("aucun avenant en cours : créer sources/avenants/avenant-NN.yaml (numéro, version "
                            "modifiée, comité de pilotage, objet, exposé des motifs)")
    avenant = nouveau.avenants[-1]
    signees = depot.etiquettes_signees()
    if etiquette_avenant(avenant.numero) in signees:
        raise ErreurVersion(f"l'avenant n° {avenant.numero} est déjà signé : créer le fichier de l'avenant suivant")
    derniere = _derniere_signee(depot)
    if avenant.modifie != derniere:
        raise ErreurVersion(f"l'avenant n° {avenant.numero} modifie « {avenant.modifie} » alors que la dernière "
                            f"version signée est « {derniere} »")
    ancien = charger_version(depot, avenant.modifie)
    precedents = tuple((a.numero, a.signature.date) for a in nouveau.avenants[:-1])
    versions = _versions_imprimees(depot, ancien, nouveau, avenant, avenant.modifie, precedents)
    liste = articles_de(versions)
    if not liste:
        raise ErreurVersion(f"aucun changement du contrat imprimé depuis « {avenant.modifie} » : l'avenant serait vide")
    version = version_des_sources(dossier)
    options = OptionsRendu(gabarit=gabarit_par_defaut(dossier, "avenant.docx"), date=version.date,
                           version=version.libelle, commit=version.commit, dossier_sources=dossier)
    debut = time.perf_counter()
    docx = rendre_avenant(versions, liste, options)
    pdf = pdf_avenant_complet(docx, versions, liste, options)
    comparaison = _comparaison(versions, dossier, options, avenant.numero)
    nom = f"avenant-{avenant.numero:02d}"
    sorties = {f"{nom}.docx": docx, f"{nom}.pdf": pdf, f"{nom}-comparaison.docx": comparaison}
    for chemin in publier(dist or ctx.obj.get("dist") or Path("dist"), sorties, nom):
        click.echo(f"✓ {chemin} ({chemin.stat().st_size // 1024} Ko)")
    click.echo(f"✓ {titre_avenant(versions)} : {len(liste)} article(s) de modification "
               f"({time.perf_counter() - debut:.2f} s)")


def _comparaison(v, dossier: Path, options, numero: int) -> bytes:  # noqa: ANN001
    """The signed text and the consolidated one compared, as tracked changes (Word, LibreOffice)."""
    from dataclasses import replace

    from contrat.impression.unites import page_signatures
    from contrat.rendu.docx import rendre_docx
    from contrat.rendu.revisions import comparer

    gabarit = gabarit_par_defaut(dossier)
    initial = v.initial or v.ancien
    signe = rendre_docx(v.ancien, replace(options, gabarit=gabarit, signatures=page_signatures(v.ancien, initial)))
    consolide = rendre_docx(v.nouveau, replace(options, gabarit=gabarit, historique=historique(dossier, v.nouveau),
                                               signatures=page_signatures(v.nouveau, initial)))
    return comparer(signe, consolide, f"Avenant n° {numero}", options.date.strftime("%Y-%m-%dT%H:%M:%SZ"))


@click.command("signer")
@click.option("--date", "date", callback=date_iso, required=True, metavar="AAAA-MM-JJ",
              help="Date de signature, identique à celle inscrite dans les sources.")
@options_sources
@click.pass_context
def signer_cmd(ctx: click.Context, date: dt.date, sources: Path | None, strict: bool | None) -> None:
    """Enregistre la version actuelle comme signée (étiquette Git contrat-signe ou avenant-N)."""
    from contrat.amendements.depot import Depot, signer

    dossier, _ = reglages(ctx, sources, strict)
    etiquette = signer(Depot.de(dossier), dossier, date)
    click.echo(f"✓ version signée enregistrée : étiquette « {etiquette} » (git push --tags pour la partager)")


@click.command("sign")
@click.argument("fichier", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--cert", "certificat", type=click.Path(path_type=Path, exists=True, dir_okay=False), required=True,
              help="Certificat du signataire (PKCS#12, .p12/.pfx).")
@click.option("--mot-de-passe", envvar="CONTRAT_MOT_DE_PASSE", default=None,
              help="Mot de passe du certificat (ou variable CONTRAT_MOT_DE_PASSE).")
@click.option("--sortie", type=click.Path(path_type=Path), default=None,
              help="PDF signé (défaut : remplace FICHIER).")
def sign_cmd(fichier: Path, certificat: Path, mot_de_passe: str | None, sortie: Path | None) -> None:
    """Signe le PDF (PAdES) ; plusieurs signataires signent tour à tour."""
    import json

    from contrat.application.publication import ecrire_durablement
    from contrat.confiance.archive import empreinte
    from contrat.confiance.signature import signatures, signer_pdf

    _pdf_lisible(fichier)
    donnees = fichier.read_bytes()
    deja = signatures(donnees)
    signe = signer_pdf(donnees, certificat, mot_de_passe, f"Signature{len(deja) + 1}")
    cible = sortie or fichier
    ecrire_durablement(cible, signe)
    derniere = signatures(signe)[-1]
    manifeste = cible.parent / "manifest.json"
    if manifeste.is_file():
        contenu = _lire_manifeste(manifeste)
        contenu.setdefault("signatures", []).append({"fichier": cible.name, "original": empreinte(donnees),
                                                     "signe": empreinte(signe), "signataire": derniere.signataire})
        ecrire_durablement(manifeste, (json.dumps(contenu, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    click.echo(f"✓ {cible} signé par {derniere.signataire} (signature n° {len(deja) + 1})")


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
    import tempfile

    from contrat.confiance.archive import ArchiveInvalide, empreinte, extraire_sources, lire_metadonnees
    from contrat.confiance.signature import revision_originale, signatures

    _pdf_lisible(fichier)
    donnees = fichier.read_bytes()
    meta = lire_metadonnees(fichier)
    click.echo(f"Document : {meta['Title']}")
    click.echo(f"Version : {meta['Version'] or 'inconnue'} — commit des sources : {meta['Commit'] or 'inconnu'}")
    etats = signatures(donnees, list(confiance))
    problemes = _verifier_signatures(etats)
    original = revision_originale(donnees) if etats else donnees
    manifestes = [p / "manifest.json" for p in (fichier.parent, Path(ctx.obj.get("dist") or "dist"))]
    for m in (m for m in manifestes if m.is_file()):
        for s in _lire_manifeste(m).get("signatures", []):
            if isinstance(s, dict) and s.get("original") == empreinte(donnees) and not etats:
                problemes.append(f"ce document a été signé par {s.get('signataire')} ({m}) : la signature a été retirée")
    dossier, _ = reglages(ctx, sources, strict)
    _etiquette_deplacee(dossier, meta)
    with tempfile.TemporaryDirectory(prefix="contrat-verif-") as tmp:
        try:
            embarquees = extraire_sources(fichier, Path(tmp) / "embarquees")
        except ArchiveInvalide as exc:
            raise ErreurDocument(f"✗ {exc}") from None
        if embarquees is None:
            problemes.append("le PDF ne contient pas ses sources (pièce jointe absente ou retirée)")
        else:
            problemes.extend(_comparer_a_ses_sources(ctx, embarquees, dossier, meta, original, Path(tmp) / "dist"))
    if problemes:
        raise ErreurDocument("\n".join(f"✗ {p}" for p in problemes))
    click.echo("✓ Aucune altération détectée.")


def _verifier_signatures(etats) -> list[str]:  # noqa: ANN001
    """Every signature intact and valid; every update after a signature one that signatures allow;
    nothing a reader sees appended after the last one."""
    problemes = []
    for n, e in enumerate(etats):
        derniere = n == len(etats) - 1
        verdict = "intègre et valide" if e.intacte and e.valide else "ALTÉRÉE OU INVALIDE"
        portee = ("couvre tout le document" if e.couvre_tout else
                  "suivie de modifications admises" if e.modifications_admises else "SUIVIE DE MODIFICATIONS")
        click.echo(f"Signature « {e.champ} » : {e.signataire}, le {e.date} — {verdict}, {portee}"
                   + ("" if e.confiance else " (certificat non reconnu comme de confiance)"))
        if not (e.intacte and e.valide):
            problemes.append(f"la signature « {e.champ} » ne correspond plus au document")
        elif derniere and not (e.couvre_tout or e.ajouts_techniques):
            problemes.append(f"le document a été modifié après la dernière signature (« {e.champ} ») : "
                             "elle ne couvre pas tout le fichier")
        elif not e.modifications_admises:
            problemes.append(f"le document a été modifié après la signature « {e.champ} » (modifications qu'une "
                             "signature n'autorise pas)")
    return problemes


def _etiquette_deplacee(dossier: Path, meta: dict[str, str]) -> None:
    """Say when the repository's tag for the PDF's version now designates another commit."""
    from contrat.amendements.depot import Depot, ErreurVersion

    try:
        depot = Depot.de(dossier)
    except ErreurVersion:
        return
    version, commit = meta.get("Version", ""), meta.get("Commit", "")
    if version and commit and depot.existe(version):
        actuel = depot.commit(version)
        if actuel and not actuel.startswith(commit.split("-")[0]):
            click.echo(f"⚠ l'étiquette « {version} » du dépôt désigne maintenant le commit {actuel[:12]}, "
                       f"pas celui du PDF ({commit})")


def _comparer_a_ses_sources(ctx: click.Context, embarquees: Path, dossier: Path, meta: dict[str, str],
                            original: bytes, dist: Path) -> list[str]:
    """Rebuild the PDF from its own embedded sources (with its recorded version, commit and date)
    and compare bytes; then say, for information only, how the current sources differ."""
    from contrat.amendements.diff_modele import diff
    from contrat.amendements.rapport import formater
    from contrat.confiance.archive import empreinte
    from contrat.erreurs import ErreurContrat

    problemes = []
    try:
        ancien = valider_dossier(embarquees).contrat
    except ErreurContrat as exc:
        return [f"les sources jointes au PDF sont invalides :\n{exc.format_message()}"]
    date = _date_du_pdf(original)
    try:
        au = meta.get("EnVigueurAu") or ""
        jour = dt.date.fromisoformat(au) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", au) else None
        nom = f"{NOM_SORTIE}-au-{jour.isoformat()}" if jour else NOM_SORTIE
        construire(ctx, dist, gabarit_par_defaut(dossier), dossier=embarquees, nom=nom,
                    version_forcee=meta.get("Version", ""), date_forcee=date, commit_force=meta.get("Commit", ""),
                    bavard=False, au=jour)
        produit = dist / f"{nom}.pdf"
        identique = produit.is_file() and empreinte(produit.read_bytes()) == empreinte(original)
    except ErreurContrat as exc:
        identique = False
        problemes.append(f"reconstruction impossible à partir des sources jointes : {exc.format_message()}")
    if identique:
        click.echo("Contenu : identique octet pour octet à la reconstruction de ses propres sources.")
    elif not problemes:
        problemes.append("le PDF diffère de la reconstruction de ses propres sources : il a été modifié après sa "
                         "production")
    try:
        actuel = valider_dossier(dossier).contrat
    except ErreurContrat:
        click.echo("Sources actuelles : invalides (non comparées).")
        return problemes
    changements = diff(ancien, actuel)
    if changements:
        click.echo(formater(ancien, actuel, changements, "texte",
                            "Pour information, les sources actuelles diffèrent de celles du PDF :"), nl=False)
    else:
        click.echo("Sources : le PDF contient les mêmes sources que les sources actuelles.")
    return problemes


def _date_du_pdf(pdf: bytes):  # noqa: ANN202
    """The date a build stamps in its PDF (the commit's): the rebuild must use the same."""
    import datetime as dt_
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        brut = str(doc.docinfo.get("/CreationDate", ""))
    try:
        return dt_.datetime.strptime(brut[2:16], "%Y%m%d%H%M%S").replace(tzinfo=dt_.timezone.utc)
    except ValueError:
        return None


def _lire_manifeste(chemin: Path) -> dict:
    """A manifest.json, or a clear error (never a traceback) when it is not one."""
    import json

    try:
        contenu = json.loads(chemin.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise ErreurUsage(f"{chemin} : manifeste illisible (JSON attendu)") from None
    if not isinstance(contenu, dict) or not isinstance(contenu.get("signatures", []), list):
        raise ErreurUsage(f"{chemin} : manifeste mal formé")
    return contenu


def _pdf_lisible(fichier: Path) -> None:
    """A clear message, not a traceback, for a file that is not a readable PDF."""
    import pikepdf

    try:
        with pikepdf.open(fichier):
            pass
    except pikepdf.PasswordError:
        raise ErreurUsage(f"{fichier} : PDF protégé par mot de passe") from None
    except (pikepdf.PdfError, OSError):
        raise ErreurUsage(f"{fichier} n'est pas un PDF lisible") from None


COMMANDES = (diff_cmd, avenant_cmd, signer_cmd, sign_cmd, verify_cmd)
"""The commands on versions and trust, registered on the main group by ``cli``."""
