"""Command line: ``python build.py`` (check + DOCX + PDF) and ``python build.py check``.

The only module that reads argv, prints and writes files.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from dataclasses import replace
from pathlib import Path

import click

from .erreurs import ErreurContrat, ErreurDocument, ErreurUsage, LibreOfficeIntrouvable
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


def _date_iso(ctx: click.Context, param: click.Parameter, valeur: str | None) -> dt.date | None:
    if valeur is None:
        return None
    try:
        return dt.date.fromisoformat(valeur)
    except ValueError:
        raise click.BadParameter(f"« {valeur} » n'est pas une date AAAA-MM-JJ") from None


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@_options
@click.option("--dist", type=click.Path(path_type=Path), default=Path("dist"), show_default=True,
              help="Dossier de sortie.")
@click.option("--gabarit", type=click.Path(path_type=Path), default=None,
              help="Gabarit Word (défaut : templates/contrat.docx).")
@click.option("--a-la-date", "a_la_date", callback=_date_iso, default=None, metavar="AAAA-MM-JJ",
              help="Construit le contrat tel qu'il était en vigueur ce jour-là (versions signées).")
@click.pass_context
def main(ctx: click.Context, sources: Path | None, strict: bool | None, dist: Path, gabarit: Path | None,
         a_la_date: dt.date | None) -> None:
    """Construit le contrat de ville : vérification des sources, DOCX puis PDF dans dist/."""
    ctx.obj = {"sources": sources, "strict": strict, "dist": dist}
    if ctx.invoked_subcommand is None:
        if a_la_date:
            _construire_a_la_date(ctx, dist, gabarit, a_la_date)
        else:
            _construire(ctx, dist, gabarit)


@main.command("check")
@_options
@click.pass_context
def check(ctx: click.Context, sources: Path | None, strict: bool | None) -> None:
    """Vérifie les sources sans rien produire (la commande des demandes de fusion)."""
    dossier, strict_ = _reglages(ctx, sources, strict)
    _verifier(dossier, strict_)


@main.command("diff")
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option("--format", "format_", type=click.Choice(["texte", "markdown", "json"]), default="texte",
              show_default=True, help="markdown : pour la description d'une demande de fusion ; json : pour les outils.")
@_options
@click.pass_context
def diff_cmd(ctx: click.Context, base: str | None, head: str | None, format_: str, sources: Path | None,
             strict: bool | None) -> None:
    """Changements entre deux versions (défaut : dernière version signée -> sources actuelles)."""
    from .diff import diff
    from .rapport import formater
    from .versions import Depot, charger_version, verifier_integrite

    dossier, _ = _reglages(ctx, sources, strict)
    depot = Depot.de(dossier)
    verifier_integrite(depot, dossier)
    base = base or _derniere_signee(depot)
    ancien = charger_version(depot, base)
    nouveau = charger_version(depot, head) if head else valider_dossier(dossier).contrat
    changements = diff(ancien, nouveau)
    titre = f"Changements de « {base} » à « {head} »" if head else f"Changements depuis « {base} » (sources actuelles)"
    if not changements:
        click.echo(f"Aucun changement depuis « {base} »." if not head else f"Aucun changement entre « {base} » et « {head} ».")
        return
    click.echo(formater(ancien, nouveau, changements, format_, titre), nl=False)


def _derniere_signee(depot) -> str:  # noqa: ANN001
    from .versions import ETIQUETTE_CONTRAT, ErreurVersion

    signees = depot.etiquettes_signees()
    if not signees:
        raise ErreurVersion(f"aucune version signée dans le dépôt : l'étiquette « {ETIQUETTE_CONTRAT} » "
                            "n'existe pas (python build.py signer --date AAAA-MM-JJ la crée)")
    return signees[-1]


@main.command("avenant")
@_options
@click.option("--dist", type=click.Path(path_type=Path), default=None, help="Dossier de sortie (défaut : dist).")
@click.pass_context
def avenant_cmd(ctx: click.Context, sources: Path | None, strict: bool | None, dist: Path | None) -> None:
    """Écrit l'avenant en cours (DOCX et PDF dans dist/) à partir des changements depuis la version qu'il modifie."""
    from .diff import diff
    from .rendu.avenant import Versions, pdf_avenant_complet, rendre_avenant, titre_avenant
    from .rendu.docx import OptionsRendu
    from .sortie import publier
    from .versions import Depot, ErreurVersion, charger_version, etiquette_avenant, verifier_integrite

    dossier, strict_ = _reglages(ctx, sources, strict)
    depot = Depot.de(dossier)
    verifier_integrite(depot, dossier)
    nouveau = _verifier(dossier, strict_).contrat
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
    changements = diff(ancien, nouveau)
    if not [c for c in changements if not c.registre and c.chemin[0] != "avenants"]:
        raise ErreurVersion(f"aucun changement du contrat depuis « {avenant.modifie} » : l'avenant serait vide")
    precedents = tuple((a.numero, a.signature.date) for a in nouveau.avenants[:-1])
    versions = Versions(ancien, nouveau, avenant, avenant.modifie, precedents)
    version = version_des_sources(dossier)
    options = OptionsRendu(gabarit=_gabarit_par_defaut(dossier, "avenant.docx"), date=version.date,
                           version=version.libelle, commit=version.commit, dossier_sources=dossier)
    debut = time.perf_counter()
    docx = rendre_avenant(versions, changements, options)
    pdf = pdf_avenant_complet(docx, versions, changements, options)
    comparaison = _comparaison(ancien, nouveau, dossier, options, avenant.numero)
    nom = f"avenant-{avenant.numero:02d}"
    sorties = {f"{nom}.docx": docx, f"{nom}.pdf": pdf, f"{nom}-comparaison.docx": comparaison}
    for chemin in publier(dist or ctx.obj.get("dist") or Path("dist"), sorties):
        click.echo(f"✓ {chemin} ({chemin.stat().st_size // 1024} Ko)")
    click.echo(f"✓ {titre_avenant(versions)} : {len(changements)} changement(s) "
               f"({time.perf_counter() - debut:.2f} s)")


def _comparaison(ancien, nouveau, dossier: Path, options, numero: int) -> bytes:  # noqa: ANN001
    """The signed text and the consolidated one compared, as tracked changes (Word, LibreOffice)."""
    from dataclasses import replace

    from .rendu.docx import rendre_docx
    from .rendu.revisions import comparer

    gabarit = _gabarit_par_defaut(dossier)
    signe = rendre_docx(ancien, replace(options, gabarit=gabarit))
    consolide = rendre_docx(nouveau, replace(options, gabarit=gabarit, historique=_historique(dossier, nouveau)))
    return comparer(signe, consolide, f"Avenant n° {numero}", options.date.strftime("%Y-%m-%dT%H:%M:%SZ"))


@main.command("signer")
@click.option("--date", "date", callback=_date_iso, required=True, metavar="AAAA-MM-JJ",
              help="Date de signature, identique à celle inscrite dans les sources.")
@_options
@click.pass_context
def signer_cmd(ctx: click.Context, date: dt.date, sources: Path | None, strict: bool | None) -> None:
    """Enregistre la version actuelle comme signée (étiquette Git contrat-signe ou avenant-N)."""
    from .versions import Depot, signer

    dossier, _ = _reglages(ctx, sources, strict)
    etiquette = signer(Depot.de(dossier), dossier, date)
    click.echo(f"✓ version signée enregistrée : étiquette « {etiquette} » (git push --tags pour la partager)")


@main.command("sign")
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

    from .archive import empreinte
    from .signature import signatures, signer_pdf

    _pdf_lisible(fichier)
    donnees = fichier.read_bytes()
    deja = signatures(donnees)
    signe = signer_pdf(donnees, certificat, mot_de_passe, f"Signature{len(deja) + 1}")
    cible = sortie or fichier
    cible.write_bytes(signe)
    derniere = signatures(signe)[-1]
    manifeste = cible.parent / "manifest.json"
    if manifeste.is_file():
        contenu = json.loads(manifeste.read_text(encoding="utf-8"))
        contenu.setdefault("signatures", []).append({"fichier": cible.name, "original": empreinte(donnees),
                                                     "signe": empreinte(signe), "signataire": derniere.signataire})
        manifeste.write_text(json.dumps(contenu, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    click.echo(f"✓ {cible} signé par {derniere.signataire} (signature n° {len(deja) + 1})")


@main.command("verify")
@click.argument("fichier", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--confiance", type=click.Path(path_type=Path, exists=True, dir_okay=False), multiple=True,
              help="Certificat d'autorité de confiance (PEM/DER) pour valider les signatures.")
@_options
@click.pass_context
def verify_cmd(ctx: click.Context, fichier: Path, confiance: tuple[Path, ...], sources: Path | None,
               strict: bool | None) -> None:
    """Dit quelle version a produit le PDF, s'il est identique à ce que produisent les sources
    actuelles, s'il a été altéré, et valide ses signatures."""
    import json
    import tempfile

    from .archive import empreinte, extraire_sources, lire_metadonnees
    from .diff import diff
    from .rapport import formater
    from .signature import revision_originale, signatures

    _pdf_lisible(fichier)
    donnees = fichier.read_bytes()
    meta = lire_metadonnees(fichier)
    click.echo(f"Document : {meta['Title']}")
    click.echo(f"Version : {meta['Version'] or 'inconnue'} — commit des sources : {meta['Commit'] or 'inconnu'}")
    problemes = []
    etats = signatures(donnees, list(confiance))
    for e in etats:
        verdict = "intègre et valide" if e.intacte and e.valide else "ALTÉRÉE OU INVALIDE"
        click.echo(f"Signature « {e.champ} » : {e.signataire}, le {e.date} — {verdict}"
                   + ("" if e.confiance else " (certificat non reconnu comme de confiance)"))
        if not (e.intacte and e.valide):
            problemes.append(f"la signature « {e.champ} » ne correspond plus au document")
    original = revision_originale(donnees) if etats else donnees
    manifestes = [p / "manifest.json" for p in (fichier.parent, Path(ctx.obj.get("dist") or "dist"))]
    for m in (m for m in manifestes if m.is_file()):
        for s in json.loads(m.read_text(encoding="utf-8")).get("signatures", []):
            if s["original"] == empreinte(donnees) and not etats:
                problemes.append(f"ce document a été signé par {s['signataire']} ({m}) : la signature a été retirée")
    dossier, _ = _reglages(ctx, sources, strict)
    with tempfile.TemporaryDirectory(prefix="contrat-verif-") as tmp:
        embarquees = extraire_sources(fichier, Path(tmp) / "embarquees")
        if embarquees is None:
            problemes.append("le PDF ne contient pas ses sources (pièce jointe absente ou retirée)")
        else:
            ancien, actuel = valider_dossier(embarquees).contrat, valider_dossier(dossier).contrat
            changements = diff(ancien, actuel)
            if changements:
                click.echo(formater(ancien, actuel, changements, "texte",
                                    "Les sources actuelles diffèrent de celles du PDF :"), nl=False)
            else:
                click.echo("Sources : le PDF contient les mêmes sources que les sources actuelles.")
        reconstruit = Path(tmp) / "dist"
        identique = _reconstruire_et_comparer(ctx, dossier, reconstruit, original)
        if identique:
            click.echo("Contenu : identique octet pour octet à ce que produisent les sources actuelles.")
        elif embarquees is not None and not changements:
            problemes.append("le PDF diffère de ce que produisent ses propres sources : il a été modifié après sa production")
        else:
            click.echo("Contenu : différent de ce que produisent les sources actuelles (voir les changements ci-dessus).")
    if problemes:
        raise ErreurDocument("\n".join(f"✗ {p}" for p in problemes))
    click.echo("✓ Aucune altération détectée.")


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


def _reconstruire_et_comparer(ctx: click.Context, dossier: Path, dist: Path, attendu: bytes) -> bool:
    from .archive import empreinte

    _construire(ctx, dist, None, dossier=dossier, bavard=False)
    produit = dist / f"{NOM_SORTIE}.pdf"
    return produit.is_file() and empreinte(produit.read_bytes()) == empreinte(attendu)


def _historique(dossier: Path, contrat) -> tuple[tuple[str, str, str], ...]:  # noqa: ANN001
    """Versions of the contract: the signed contract then each avenant, signed or in progress."""
    from .rendu.docx import date_en_lettres
    from .versions import ETIQUETTE_CONTRAT, Depot, ErreurVersion, etiquette_avenant

    try:
        signees = set(Depot.de(dossier).etiquettes_signees())
    except ErreurVersion:
        signees = set()

    def etat(date: str | None, etiquette: str) -> str:
        if date and etiquette in signees:
            return f"signé le {date_en_lettres(dt.date.fromisoformat(date))}"
        return "signé" if etiquette in signees else "en projet"

    lignes = [("Contrat initial", "", etat(contrat.signature.date, ETIQUETTE_CONTRAT))]
    for a in contrat.avenants:
        lignes.append((f"Avenant n° {a.numero}", date_en_lettres(dt.date.fromisoformat(a.comite_pilotage)),
                       etat(a.signature.date, etiquette_avenant(a.numero))))
    return tuple(lignes)


def _construire_a_la_date(ctx: click.Context, dist: Path, gabarit: Path | None, jour: dt.date) -> None:
    """The contract in force on ``jour``: the newest signed version in effect that day."""
    import tempfile

    from .versions import Depot, ErreurVersion, charger_version, date_effet, verifier_integrite

    dossier, _ = _reglages(ctx, None, None)
    depot = Depot.de(dossier)
    verifier_integrite(depot, dossier)
    en_vigueur = None
    for etiquette in reversed(depot.etiquettes_signees()):
        effet = date_effet(charger_version(depot, etiquette), etiquette)
        if effet is not None and effet <= jour:
            en_vigueur = etiquette
            break
    if en_vigueur is None:
        raise ErreurVersion(f"aucune version signée n'était en vigueur le {jour:%d/%m/%Y}")
    click.echo(f"Version en vigueur le {jour:%d/%m/%Y} : « {en_vigueur} »")
    with tempfile.TemporaryDirectory(prefix="contrat-a-la-date-") as tmp:
        extrait = depot.extraire(en_vigueur, Path(tmp))
        date_tag = depot.date_commit(en_vigueur)
        _construire(ctx, dist, gabarit or _gabarit_par_defaut(dossier), dossier=extrait,
                    nom=f"{NOM_SORTIE}-au-{jour.isoformat()}", version_forcee=en_vigueur, date_forcee=date_tag)


def _construire(ctx: click.Context, dist: Path, gabarit: Path | None, dossier: Path | None = None,
                nom: str = "", version_forcee: str = "", date_forcee: dt.datetime | None = None,
                bavard: bool = True) -> None:
    """check + DOCX + PDF + manifest into ``dist`` (``dossier``: sources other than --sources)."""
    from .rendu.docx import OptionsRendu, rendre_docx
    from .rendu.pdf import polices_non_admises, rendre_pdf
    from .sortie import publier

    NOM = nom or NOM_SORTIE
    dossier_reglages, strict = _reglages(ctx, None, None)
    dossier = dossier or dossier_reglages
    resultat = _verifier(dossier, strict)
    modele = gabarit or _gabarit_par_defaut(dossier)
    if not modele.is_file():
        raise ErreurUsage(f"gabarit Word introuvable : {modele}")
    version = version_des_sources(dossier_reglages)
    if date_forcee is not None:
        version = replace(version, date=date_forcee)
    from .rendu.docx import date_en_lettres

    echo = click.echo if bavard else (lambda *_a, **_k: None)

    contrat = resultat.contrat
    mention = f"Version des sources : {version_forcee or version.libelle} du {date_en_lettres(version.date.date())}"
    if contrat.avenants:
        dernier = contrat.avenants[-1]
        quand = dernier.signature.date or dernier.comite_pilotage
        mention = (f"Version consolidée intégrant l'avenant n° {dernier.numero} du "
                   f"{date_en_lettres(dt.date.fromisoformat(quand))}"
                   + ("" if dernier.signature.date else " (projet)"))
    options = OptionsRendu(gabarit=modele, date=version.date, version=version_forcee or version.libelle,
                           commit=version.commit, mention=mention, dossier_sources=dossier,
                           historique=_historique(dossier_reglages, contrat))
    debut = time.perf_counter()
    docx = rendre_docx(resultat.contrat, options)
    echo(f"✓ DOCX rendu ({time.perf_counter() - debut:.2f} s)")
    debut = time.perf_counter()
    try:
        pdf = rendre_pdf(resultat.contrat, options, docx)
    except LibreOfficeIntrouvable:
        chemins = publier(dist, {f"{NOM}.docx": docx})
        click.echo(f"✓ {chemins[0]}")
        raise
    echo(f"✓ PDF rendu par LibreOffice, sommaire calculé ({time.perf_counter() - debut:.2f} s)")
    for ligne in pdf.rapport:
        click.secho(f"avertissement : {ligne}", fg="yellow", err=True)
    for police in polices_non_admises(pdf.pdf):
        click.secho(f"avertissement : police « {police} » utilisée dans le PDF : une police du gabarit "
                    "est absente de cette machine et a été remplacée", fg="yellow", err=True)
    from .archive import manifeste

    sorties = {f"{NOM}.docx": pdf.docx, f"{NOM}.pdf": pdf.pdf}
    sorties["manifest.json"] = manifeste(dossier, options.commit, options.version, options.date, sorties)
    chemins = publier(dist, sorties)
    for chemin in chemins:
        echo(f"✓ {chemin} ({chemin.stat().st_size // 1024} Ko)")


def _gabarit_par_defaut(dossier: Path, nom: str = "contrat.docx") -> Path:
    voisin = dossier.resolve().parent / "templates" / nom
    return voisin if voisin.is_file() else RACINE / "templates" / nom


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
