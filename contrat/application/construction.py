"""Building the contract from a sources folder: the steps the commands share (settings, check,
DOCX + PDF + manifest published as a set, point-in-time builds, cover mention and history).

Takes a sources folder and options from click; gives the published files in ``dist``. The command
modules (``cli``, ``cli_versions``) import from here, never from each other.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace
from pathlib import Path

import click

from contrat.amendements.origine import version_des_sources
from contrat.controles.dossier import Resultat, valider_dossier
from contrat.erreurs import ErreurUsage, LibreOfficeIntrouvable

RACINE = Path(__file__).resolve().parents[2]
NOM_SORTIE = "contrat-de-ville"


def options_sources(f):  # noqa: ANN001, ANN202 - click decorator
    f = click.option("--sources", "sources", type=click.Path(path_type=Path), default=None,
                     help="Dossier des sources du contrat (défaut : sources/).")(f)
    f = click.option("--strict", is_flag=True, default=None,
                     help="Les avertissements font échouer la commande.")(f)
    return f


def reglages(ctx: click.Context, sources: Path | None, strict: bool | None) -> tuple[Path, bool]:
    parent = ctx.obj or {}
    dossier = sources or parent.get("sources") or Path("sources")
    if not dossier.is_dir():
        raise ErreurUsage(f"dossier de sources introuvable : {dossier}")
    if not (dossier / "contrat.yaml").is_file():
        raise ErreurUsage(f"{dossier} ne contient pas de contrat.yaml : est-ce un dossier de sources ?")
    return dossier, bool(strict if strict is not None else parent.get("strict"))


def afficher_avertissements(resultat: Resultat) -> None:
    for a in resultat.avertissements:
        click.secho(str(a), fg="yellow", err=True)


def verifier_sources(dossier: Path, strict: bool, bavard: bool = True) -> Resultat:
    debut = time.perf_counter()
    resultat = valider_dossier(dossier, strict=strict)
    if not bavard:
        return resultat
    afficher_avertissements(resultat)
    c = resultat.contrat
    axes = sum(len(e.axes) for e in c.enjeux)
    criteres = sum(len(a.criteres_evaluation) for e in c.enjeux for a in e.axes)
    n = len(resultat.avertissements)
    click.echo(f"✓ Sources valides : {len(c.chapitres)} chapitres, {len(c.enjeux)} enjeux, {axes} axes, "
               f"{criteres} critères d'évaluation, {len(c.signataires)} signataires ; "
               f"{n} avertissement{'s' if n > 1 else ''} ({time.perf_counter() - debut:.2f} s)")
    return resultat


def date_iso(ctx: click.Context, param: click.Parameter, valeur: str | None) -> dt.date | None:
    if valeur is None:
        return None
    try:
        return dt.date.fromisoformat(valeur)
    except ValueError:
        raise click.BadParameter(f"« {valeur} » n'est pas une date AAAA-MM-JJ") from None


def historique(dossier: Path, contrat) -> tuple[tuple[str, ...], ...]:  # noqa: ANN001
    """Versions of the contract: the signed contract then each avenant, signed or in progress,
    with the date each takes effect."""
    from contrat.amendements.depot import ETIQUETTE_CONTRAT, Depot, ErreurVersion, etiquette_avenant
    from contrat.impression.unites import date_en_lettres

    try:
        signees = set(Depot.de(dossier).etiquettes_signees())
    except ErreurVersion:
        signees = set()

    def lettres(date: str | None) -> str:
        return date_en_lettres(dt.date.fromisoformat(date)) if date else ""

    def etat(date: str | None, etiquette: str) -> str:
        if date and etiquette in signees:
            return f"signé le {lettres(date)}"
        return "signé" if etiquette in signees else "en projet"

    def effet(date_effet: str | None, date: str | None) -> str:
        return lettres(date_effet or date) or "à la signature"

    s = contrat.signature
    lignes = [("Contrat initial", "", etat(s.date, ETIQUETTE_CONTRAT), effet(s.date_effet, s.date))]
    for a in contrat.avenants:
        lignes.append((f"Avenant n° {a.numero}", lettres(a.comite_pilotage), etat(a.signature.date, etiquette_avenant(a.numero)),
                       effet(a.date_effet, a.signature.date)))
    return tuple(lignes)


def mention_de_version(contrat, libelle: str, date: dt.datetime, etiquette: str = "", au: dt.date | None = None) -> str:  # noqa: ANN001
    """The version line of the cover: a signed version says when it was signed (never when its
    tag was made); a point-in-time build says the day it shows the contract in force."""
    from contrat.amendements.depot import ETIQUETTE_CONTRAT
    from contrat.impression.unites import date_en_lettres

    def lettres(iso: str | None) -> str:
        return date_en_lettres(dt.date.fromisoformat(iso)) if iso else ""

    en_vigueur = f" — version en vigueur au {date_en_lettres(au)}" if au else ""
    if contrat.avenants:
        dernier = contrat.avenants[-1]
        if dernier.signature.date:
            return f"Version consolidée intégrant l'avenant n° {dernier.numero} signé le {lettres(dernier.signature.date)}{en_vigueur}"
        return (f"Version consolidée intégrant l'avenant n° {dernier.numero} du comité de pilotage du "
                f"{lettres(dernier.comite_pilotage)} (projet){en_vigueur}")
    if (etiquette or libelle) == ETIQUETTE_CONTRAT and contrat.signature.date:
        return f"Contrat signé le {lettres(contrat.signature.date)}{en_vigueur}"
    return f"Version des sources : {libelle} du {date_en_lettres(date.date())}{en_vigueur}"


def construire_a_la_date(ctx: click.Context, dist: Path, gabarit: Path | None, jour: dt.date) -> None:
    """The contract in force on ``jour``: the newest signed version in effect that day."""
    import tempfile

    from contrat.amendements.depot import Depot, ErreurVersion, charger_version, date_effet, verifier_integrite

    dossier, _ = reglages(ctx, None, None)
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
        construire(ctx, dist, gabarit or gabarit_par_defaut(dossier), dossier=extrait,
                    nom=f"{NOM_SORTIE}-au-{jour.isoformat()}", version_forcee=en_vigueur, date_forcee=date_tag,
                    au=jour, commit_force=depot.commit(en_vigueur)[:12])


def construire(ctx: click.Context, dist: Path, gabarit: Path | None, dossier: Path | None = None,
                nom: str = "", version_forcee: str = "", date_forcee: dt.datetime | None = None,
                bavard: bool = True, au: dt.date | None = None, commit_force: str = "") -> None:
    """check + DOCX + PDF + manifest into ``dist`` (``dossier``: sources other than --sources)."""
    from contrat.application.publication import publier
    from contrat.rendu.docx import OptionsRendu, rendre_docx
    from contrat.rendu.pdf import polices_non_admises, rendre_pdf

    NOM = nom or NOM_SORTIE
    dossier_reglages, strict = reglages(ctx, None, None)
    dossier = dossier or dossier_reglages
    # Quiet (verify's rebuild): its findings are not the verified document's, they would mislead.
    resultat = verifier_sources(dossier, strict, bavard)
    modele = gabarit or gabarit_par_defaut(dossier)
    if not modele.is_file():
        raise ErreurUsage(f"gabarit Word introuvable : {modele}")
    version = version_des_sources(dossier_reglages)
    if date_forcee is not None:
        version = replace(version, date=date_forcee)
    if commit_force:
        version = replace(version, commit=commit_force)

    echo = click.echo if bavard else (lambda *_a, **_k: None)

    contrat = resultat.contrat
    mention = mention_de_version(contrat, version_forcee or version.libelle, version.date, version_forcee, au)
    options = OptionsRendu(gabarit=modele, date=version.date, version=version_forcee or version.libelle,
                           commit=version.commit, mention=mention, dossier_sources=dossier,
                           historique=historique(dossier_reglages, contrat),
                           signatures=page_signee(dossier_reglages, contrat), fichiers_sources=resultat.fichiers,
                           en_vigueur_au=au.isoformat() if au else "")
    debut = time.perf_counter()
    docx = rendre_docx(resultat.contrat, options)
    echo(f"✓ DOCX rendu ({time.perf_counter() - debut:.2f} s)")
    debut = time.perf_counter()
    try:
        pdf = rendre_pdf(resultat.contrat, options, docx)
    except LibreOfficeIntrouvable:
        # The set is the DOCX alone: the previous PDF and manifest leave with the switch.
        chemins = publier(dist, {f"{NOM}.docx": docx}, NOM)
        click.echo(f"✓ {chemins[0]} (le PDF et le manifeste précédents sont retirés : ils ne correspondent plus)")
        raise
    echo(f"✓ PDF rendu par LibreOffice, sommaire calculé ({time.perf_counter() - debut:.2f} s)")
    for ligne in pdf.rapport if bavard else ():
        click.secho(f"avertissement : {ligne}", fg="yellow", err=True)
    for police in polices_non_admises(pdf.pdf) if bavard else ():
        click.secho(f"avertissement : police « {police} » utilisée dans le PDF : une police du gabarit "
                    "est absente de cette machine et a été remplacée", fg="yellow", err=True)
    from contrat.confiance.archive import manifeste

    sorties = {f"{NOM}.docx": pdf.docx, f"{NOM}.pdf": pdf.pdf}
    sorties["manifest.json"] = manifeste(dossier, options.commit, options.version, options.date, sorties,
                                         resultat.fichiers)
    chemins = publier(dist, sorties, NOM)
    for chemin in chemins:
        echo(f"✓ {chemin} ({chemin.stat().st_size // 1024} Ko)")


def page_signee(dossier: Path, contrat):  # noqa: ANN001, ANN202
    """A consolidated contract prints the signature page as it was signed (who, where, when)."""
    from contrat.amendements.depot import ETIQUETTE_CONTRAT, Depot, ErreurVersion, charger_version
    from contrat.impression.unites import page_signatures

    if not contrat.avenants:
        return None
    try:
        depot = Depot.de(dossier)
    except ErreurVersion:
        return None
    if not depot.existe(ETIQUETTE_CONTRAT):
        return None
    return page_signatures(contrat, charger_version(depot, ETIQUETTE_CONTRAT))


def gabarit_par_defaut(dossier: Path, nom: str = "contrat.docx") -> Path:
    voisin = dossier.resolve().parent / "templates" / nom
    return voisin if voisin.is_file() else RACINE / "templates" / nom
