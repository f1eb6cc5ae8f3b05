"""Building a contract: takes a sources folder and options; gives a ``Construction`` (the DOCX, the
PDF and the manifest as bytes, the findings), ready to publish as one set.

Plain functions, as MkDocs' ``commands/build.py`` or Black's ``format_str``: the command line and
the tests call them in-process; nothing here prints or reads argv.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from contrat.amendements.depot import (
    ETIQUETTE_CONTRAT,
    Depot,
    ErreurVersion,
    alterations,
    charger_version,
    date_effet,
    etiquette_avenant,
    git,
    verifier_integrite,
)
from contrat.amendements.origine import Version, reponse_git, version_des_sources
from contrat.application.sources import lire
from contrat.controles.dossier import Lecture, Resultat
from contrat.erreurs import ErreurSource, ErreurUsage, LibreOfficeIntrouvable
from contrat.impression.francais import l_avenant
from contrat.impression.unites import PageSignatures, date_en_lettres, page_signatures
from contrat.impression.version import Historique, bloc_de_version
from contrat.lecture.confinement import TAILLES_MAX
from contrat.modele.contrat import Contrat

if TYPE_CHECKING:
    from contrat.rendu.docx import OptionsRendu

RACINE = Path(__file__).resolve().parents[2]
NOM_SORTIE = "contrat-de-ville"


@dataclass(frozen=True)
class OptionsConstruction:
    """How to build: everything but the sources folder (the defaults are a plain ``build.py``)."""

    gabarit: Path | None = None
    """Word template; None: ``templates/contrat.docx`` beside the sources, else the engine's."""
    strict: bool = False
    """Warnings fail the build."""
    nom: str = NOM_SORTIE
    """Name of the outputs (``<nom>.docx``, ``<nom>.pdf``) and of their set in ``dist``."""
    depot: Path | None = None
    """Folder whose Git history gives the version, the history and the signed signature page
    (None: the sources folder); an extracted signed version is built with its repository's."""
    version: str = ""
    """Version label recorded (a rebuild gives the one the PDF recorded); empty: from Git."""
    commit: str = ""
    date: dt.datetime | None = None
    """Date stamped in the outputs (never the clock); None: the commit's or SOURCE_DATE_EPOCH."""
    au: dt.date | None = None
    """Point-in-time build: the day the contract shown was in force."""
    pdf: bool = True
    """False: the DOCX only (no LibreOffice)."""


@dataclass(frozen=True)
class Construction:
    """A build's outputs and findings, not yet published."""

    resultat: Resultat
    """The validated contract, its warnings and the files it was read from."""
    nom: str
    fichiers: dict[str, bytes]
    """Name -> bytes: ``<nom>.docx``, and with LibreOffice ``<nom>.pdf`` and ``manifest.json``."""
    rapport: tuple[str, ...] = ()
    """Warnings of the PDF step: content removed from external annexes, fonts replaced."""
    libreoffice_absent: LibreOfficeIntrouvable | None = None
    """Set when the PDF could not be made: the DOCX alone is the set (its message says how to install)."""
    durees: dict[str, float] = field(default_factory=dict)


def construire(dossier: Path, options: OptionsConstruction = OptionsConstruction(),
               resultat: Resultat | Lecture | None = None, entrees: str = "",
               dire: Callable[[Resultat], object] | None = None) -> Construction:
    """Check the sources, render the DOCX and the PDF, write the manifest.

    ``resultat``: the sources already validated, or read and typed only (a ``Lecture``); ``entrees``:
    the inputs' fingerprint the caller already computed; ``dire``: given the check's result as soon
    as the rules have run, before anything is published (the command line prints it)."""
    with ThreadPoolExecutor(max_workers=1) as fond:
        calcul: list[Future[str]] = []

        def lancer() -> None:
            # Not given, the inputs' fingerprint is taken once LibreOffice converts: begun earlier,
            # its walk over the files and its Git commands take the interpreter from the reading
            # and the render, which LibreOffice waits for (0.05 s of a 470-page build).
            if not calcul and not entrees and options.pdf:
                calcul.append(fond.submit(empreinte_des_entrees, dossier, options))

        def obtenir() -> str:
            lancer()
            return calcul[0].result() if calcul else entrees

        # A rebuild or a point-in-time build names its version (and checked it); any other build
        # checks the signed versions while it renders, and publishes nothing if they were altered.
        with _en_parallele(versions_signees_intactes, options.depot or dossier, actif=not options.version):
            return _construire(dossier, options, resultat or lire(dossier), obtenir, dire, lancer)


@contextmanager
def _en_parallele(controle: Callable[[Path], None], dossier: Path, actif: bool = True) -> Iterator[None]:
    """Run ``controle(dossier)`` in a thread while the body runs (its Git commands wait on their
    own processes: 0.05-0.09 s of the 59-page example's build hidden); its error, if any, once the body
    has ended without one."""
    if not actif:
        yield
        return
    with ThreadPoolExecutor(max_workers=1) as fond:
        resultat = fond.submit(controle, dossier)
        yield
        resultat.result()


def _construire(dossier: Path, options: OptionsConstruction, sources: Resultat | Lecture,
                entrees: Callable[[], str], dire: Callable[[Resultat], object] | None,
                pendant: Callable[[], None] = lambda: None) -> Construction:
    # The Word and PDF libraries load when a document is rendered, not for check (0.3 s saved).
    from contrat.confiance.archive import manifeste
    from contrat.rendu.docx import OptionsRendu, rendre_paquet
    from contrat.rendu.paquet import zipper
    from contrat.rendu.pdf import rendre_pdf

    verdict: Resultat | ErreurSource | None = sources if isinstance(sources, Resultat) else None

    def juger() -> Resultat:
        """The rules of the sources, run once: while LibreOffice converts the document rendered
        from the typed sources (their findings printed before anything is published), or before
        saying why a render failed (broken sources explain it better than the renderer does)."""
        nonlocal verdict
        if verdict is None:
            assert isinstance(sources, Lecture)
            try:
                verdict = sources.juger(options.strict)
            except ErreurSource as exc:
                verdict = exc
            else:
                if dire is not None:
                    dire(verdict)
        if isinstance(verdict, ErreurSource):
            raise verdict
        return verdict

    durees: dict[str, float] = {}
    gabarit = options.gabarit or gabarit_par_defaut(dossier)
    if not gabarit.is_file():
        raise ErreurUsage(f"gabarit Word introuvable : {gabarit}")
    depot = options.depot or dossier
    version = version_des_sources(depot)
    if options.date is not None:
        version = replace(version, date=options.date)
    if options.commit:
        version = replace(version, commit=options.commit)
    libelle = options.version or version.libelle
    contrat = sources.contrat
    annonce = avenants_annonces(depot, contrat)
    rendu = OptionsRendu(gabarit=gabarit, date=version.date, version=libelle, commit=version.commit,
                         mention=mention_de_version(annonce, libelle, version.date, options.version, options.au),
                         dossier_sources=dossier, historique=historique(depot, annonce),
                         signatures=page_signee(depot, contrat, version.commit), fichiers_sources=sources.fichiers,
                         en_vigueur_au=options.au.isoformat() if options.au else "")
    debut = time.perf_counter()
    try:
        paquet = rendre_paquet(contrat, rendu)
    except Exception:
        juger()
        raise
    durees["DOCX"] = time.perf_counter() - debut
    if not options.pdf:
        return Construction(juger(), options.nom, {f"{options.nom}.docx": zipper(paquet.octets())}, durees=durees)
    debut = time.perf_counter()
    try:
        def pendant_la_conversion() -> Resultat:
            pendant()
            return juger()

        pdf = rendre_pdf(contrat, rendu, paquet, pendant=pendant_la_conversion)
    except LibreOfficeIntrouvable as exc:
        # The web edition needs no LibreOffice: published with the DOCX, without a PDF to download.
        sorties = {f"{options.nom}.docx": zipper(paquet.octets()), **edition_web(contrat, rendu, options.nom, None)}
        return Construction(juger(), options.nom, sorties, libreoffice_absent=exc, durees=durees)
    except Exception:
        juger()
        raise
    durees["PDF"] = time.perf_counter() - debut
    resultat = juger()
    rapport = list(pdf.rapport)
    sorties = {f"{options.nom}.docx": pdf.docx, f"{options.nom}.pdf": pdf.pdf}
    debut = time.perf_counter()
    sorties.update(edition_web(contrat, rendu, options.nom, len(pdf.pdf)))
    durees["Web"] = time.perf_counter() - debut
    sorties["manifest.json"] = manifeste(dossier, rendu.commit, rendu.version, rendu.date, sorties, resultat.fichiers,
                                         entrees())
    return Construction(resultat, options.nom, sorties, tuple(rapport), durees=durees)


def edition_web(contrat: Contrat, rendu: OptionsRendu, nom: str, taille_pdf: int | None = 0) -> dict[str, bytes]:
    """The web edition of the set ``nom`` (``web/…``; another set, a point-in-time build published
    beside, ``<nom>-web/…``) of the contract the PDF prints: the same printed tree (the one
    the DOCX was rendered from, kept), the cover's version block (its line, the history of
    versions), the PDF to download, each external
    PDF annex as the bytes the check read (never the file again: a link swapped since would bring
    another), and the registry's acronyms for a contract that prints no list of them.
    ``taille_pdf`` None: there is no PDF (LibreOffice is missing), no link to one."""
    from contrat.impression.unites import imprimer
    from contrat.rendu.web import Fichier, rendre_web

    lus: dict[str, bytes] = getattr(rendu.fichiers_sources, "contenus", {})
    joints = {}
    for d in (*contrat.annexes, *contrat.contributions):
        octets = lus.get(Path(os.path.normpath(d.pdf)).as_posix()) if d.pdf else None
        if octets is not None and hashlib.sha256(octets).hexdigest() == d.pdf_empreinte:
            joints[d.code] = Fichier(f"annexes/{d.code}.pdf", octets)
    registre = {s.sigle: s.definition for s in contrat.sigles if s.definition}
    version = bloc_de_version(rendu.mention, rendu.historique)
    return rendre_web(imprimer(contrat, rendu.signatures), version, "" if taille_pdf is None else f"{nom}.pdf", joints,
                      registre, "web" if nom == NOM_SORTIE else f"{nom}-web", taille_pdf or 0)


def fichiers_du_moteur() -> list[Path]:
    """The engine's files an output depends on: its code and its data (the web edition's
    stylesheet), not the bytecode Python writes beside them."""
    moteur = Path(__file__).resolve().parents[1]
    return sorted(f for f in moteur.rglob("*") if f.is_file() and "__pycache__" not in f.parts)


def empreinte_des_entrees(dossier: Path, options: OptionsConstruction = OptionsConstruction(),
                          version: Version | None = None) -> str:
    """The fingerprint of everything a build's outputs depend on: every file of the sources folder
    (a link leaving it counts by its target's name, never read), the Word template, the engine's
    code, LibreOffice's program, the options, and what Git says (commit, label, date, tags).

    Cheap (no validation, no Word): ``build.py`` compares it with the one its last outputs recorded."""
    h = hashlib.sha256()

    def ajouter(etiquette: str, donnees: bytes) -> None:
        h.update(etiquette.encode("utf-8") + b"\0" + hashlib.sha256(donnees).digest())

    racine = dossier.resolve()
    for f in sorted(p for p in dossier.rglob("*") if p.is_file() or p.is_symlink()):
        nom = f.relative_to(dossier).as_posix()
        if f.is_symlink():
            ajouter(f"lien:{nom}", os.readlink(f).encode("utf-8"))
            if not f.resolve().is_relative_to(racine) or not f.is_file():
                continue
        fiche = f.stat()
        if fiche.st_size > TAILLES_MAX.get(f.suffix.lower(), 0):
            # No source can be read from it (another kind, or over its cap): its name, size and
            # date stand for it, never its bytes (a 3 Go file beside the sources).
            ajouter(f"autre:{nom}", f"{fiche.st_size}:{fiche.st_mtime_ns}".encode())
            continue
        ajouter(f"source:{nom}", f.read_bytes())
    gabarit = options.gabarit or gabarit_par_defaut(dossier)
    ajouter("gabarit", gabarit.read_bytes() if gabarit.is_file() else b"")
    moteur = Path(__file__).resolve().parents[1]
    for f in fichiers_du_moteur():
        ajouter(f"moteur:{f.relative_to(moteur).as_posix()}", f.read_bytes())
    programme = shutil.which(os.environ.get("CONTRAT_SOFFICE") or "soffice") or ""
    etat = Path(programme).resolve().stat() if programme and Path(programme).exists() else None
    ajouter("libreoffice", f"{programme}:{etat.st_size if etat else 0}:{etat.st_mtime_ns if etat else 0}".encode())
    # The declared fonts LibreOffice sees: a font package updated changes the PDF's bytes.
    from contrat.rendu.polices import fichiers_declares

    ajouter("polices", repr([(str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in fichiers_declares()[0]]).encode())
    version = version or version_des_sources(options.depot or dossier)
    etiquettes = reponse_git(options.depot or dossier, "for-each-ref", "--format=%(refname) %(objectname)", "refs/tags")
    ajouter("options", repr((options.strict, options.nom, options.version, options.commit, options.date,
                             options.au, options.pdf, version, etiquettes)).encode("utf-8"))
    return h.hexdigest()


def a_jour(dist: Path, nom: str, empreinte: str) -> bool:
    """The set ``nom`` in ``dist`` was built from exactly these inputs and is intact."""
    ensemble = dist / f".{nom}"
    try:
        contenu = json.loads((ensemble / "manifest.json").read_text(encoding="utf-8"))
        if contenu.get("entrees") != empreinte or not contenu.get("sorties"):
            return False
        return all(hashlib.sha256((ensemble / sortie).read_bytes()).hexdigest() == valeur
                   for sortie, valeur in contenu["sorties"].items())
    except (OSError, ValueError, AttributeError, TypeError):
        return False


def version_en_vigueur(dossier: Path, jour: dt.date) -> str:
    """The tag of the newest signed version in effect on ``jour`` (raises ErreurVersion if none)."""
    depot = Depot.de(dossier)
    verifier_integrite(depot, dossier)
    for etiquette in reversed(depot.etiquettes_signees()):
        effet = date_effet(charger_version(depot, etiquette), etiquette)
        if effet is not None and effet <= jour:
            return etiquette
    raise ErreurVersion(f"aucune version signée n'était en vigueur le {jour:%d/%m/%Y}")


def construire_a_la_date(dossier: Path, jour: dt.date, options: OptionsConstruction = OptionsConstruction()
                         ) -> tuple[str, Construction]:
    """The contract in force on ``jour``: the newest signed version in effect that day, built from
    its own sources as recorded in Git (with its tag, commit and commit date)."""
    etiquette = version_en_vigueur(dossier, jour)
    depot = Depot.de(dossier)
    with tempfile.TemporaryDirectory(prefix="contrat-a-la-date-") as tmp:
        extrait = depot.extraire(etiquette, Path(tmp))
        choix = replace(options, gabarit=options.gabarit or gabarit_par_defaut(dossier), depot=dossier,
                        nom=f"{options.nom}-au-{jour.isoformat()}", version=etiquette,
                        date=depot.date_commit(etiquette), au=jour, commit=depot.commit(etiquette)[:12])
        return etiquette, construire(extrait, choix)


def historique(dossier: Path, contrat: Contrat) -> Historique:
    """Versions of the contract: the signed contract then each avenant, signed or in progress,
    with the date each takes effect."""
    try:
        signees = set(Depot.de(dossier).etiquettes_signees())
    except ErreurVersion:
        signees = set()

    def lettres(date: dt.date | None) -> str:
        return date_en_lettres(date) if date else ""

    def etat(date: dt.date | None, etiquette: str) -> str:
        if date and etiquette in signees:
            return f"signé le {lettres(date)}"
        return "signé" if etiquette in signees else "en projet"

    def effet(date_effet: dt.date | None, date: dt.date | None) -> str:
        return lettres(date_effet or date) or "à la signature"

    s = contrat.signature
    lignes = [("Contrat initial", "", etat(s.date, ETIQUETTE_CONTRAT), effet(s.date_effet, s.date))]
    for a in contrat.avenants:
        lignes.append((f"Avenant n° {a.numero}", lettres(a.comite_pilotage), etat(a.signature.date, etiquette_avenant(a.numero)),
                       effet(a.date_effet, a.signature.date)))
    return tuple(lignes)


def mention_de_version(contrat: Contrat, libelle: str, date: dt.datetime, etiquette: str = "",
                       au: dt.date | None = None) -> str:
    """The version line of the cover: a signed version says when it was signed (never when its
    tag was made); a point-in-time build says the day it shows the contract in force."""
    def lettres(jour: dt.date | None) -> str:
        return date_en_lettres(jour) if jour else ""

    en_vigueur = f" — version en vigueur au {date_en_lettres(au)}" if au else ""
    if contrat.avenants:
        dernier = contrat.avenants[-1]
        if dernier.signature.date:
            return f"Version consolidée intégrant {l_avenant(dernier.numero)} signé le {lettres(dernier.signature.date)}{en_vigueur}"
        return (f"Version consolidée intégrant {l_avenant(dernier.numero)} du comité de pilotage du "
                f"{lettres(dernier.comite_pilotage)} (projet){en_vigueur}")
    if (etiquette or libelle) == ETIQUETTE_CONTRAT and contrat.signature.date:
        return f"Contrat signé le {lettres(contrat.signature.date)}{en_vigueur}"
    return f"Version des sources : {libelle} du {date_en_lettres(date.date())}{en_vigueur}"


def avenants_annonces(dossier: Path, contrat: Contrat) -> Contrat:
    """The contract whose cover and history of versions are printed: an avenant in progress that
    changes nothing yet (its file written, the sources otherwise those of the version it amends)
    is not announced, as the avenant command refuses it (« l'avenant serait vide »): the cover
    would promise a consolidation of nothing."""
    if not contrat.avenants or contrat.avenants[-1].signature.date:
        return contrat
    dernier = contrat.avenants[-1]
    try:
        depot = Depot.de(dossier)
    except ErreurVersion:
        return contrat
    if not depot.existe(f"refs/tags/{dernier.modifie}"):
        return contrat
    precedents = contrat.model_copy(update={"avenants": contrat.avenants[:-1]})
    signe = charger_version(depot, dernier.modifie)
    if precedents == signe:
        return precedents
    # The sources differ: whether the printed contract does is what the avenant's articles say
    # (a new representative changes the sources, not the text: no article).
    from contrat.amendements.avenant import Versions, articles
    from contrat.amendements.redaction import ErreurRedaction

    initial = signe if dernier.modifie == ETIQUETTE_CONTRAT else charger_version(depot, ETIQUETTE_CONTRAT)
    try:
        vide = not articles(Versions(signe, contrat, dernier, dernier.modifie, initial=initial))
    except ErreurRedaction:
        vide = False  # the avenant command says why; the cover announces the avenant in progress
    return precedents if vide else contrat


def page_signee(dossier: Path, contrat: Contrat, commit: str = "") -> PageSignatures | None:
    """Once the contract is signed, every later version prints the signature page as it was
    signed (who, where, when), whether or not an avenant is written yet: a new préfète signs the
    avenant, she never signed the contract. ``commit``: the version built (its sources descend
    from the signed one or not; a version made before the signing prints its own page)."""
    try:
        depot = Depot.de(dossier)
    except ErreurVersion:
        return None
    if not depot.existe(ETIQUETTE_CONTRAT):
        return None
    if not contrat.avenants and not _apres_la_signature(depot, commit.removesuffix("-modifie") or "HEAD"):
        return None
    return page_signatures(contrat, charger_version(depot, ETIQUETTE_CONTRAT))


def _apres_la_signature(depot: Depot, commit: str) -> bool:
    """``commit`` is the signed contract's or a later one (its history holds the signing)."""
    return depot.existe(commit) and git(depot.racine, "merge-base", "--is-ancestor", ETIQUETTE_CONTRAT,
                                        commit).returncode == 0


def versions_signees_intactes(dossier: Path) -> None:
    """A build refuses a repository whose signed versions no longer match what was signed: it
    would print « Contrat signé le … », the signed signature page and the history of versions
    over sources that are not the signed ones. Outside Git, nothing is signed: nothing to check."""
    try:
        depot = Depot.de(dossier)
    except ErreurVersion:
        return
    trouvees = alterations(depot, dossier)
    if trouvees:
        raise ErreurVersion("construction refusée : les versions signées ne sont plus celles que le dépôt a "
                            "enregistrées, le contrat se dirait signé sur d'autres sources que les sources "
                            "signées :\n" + "\n".join(trouvees))


def gabarit_par_defaut(dossier: Path, nom: str = "contrat.docx") -> Path:
    voisin = dossier.resolve().parent / "templates" / nom
    return voisin if voisin.is_file() else RACINE / "templates" / nom
