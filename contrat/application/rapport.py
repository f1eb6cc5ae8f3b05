"""``build.py rapport ANNEE``: the annual report on the politique de la ville (décret n° 2015-1118)
from the contract, its follow-up data (``suivi/``) and what the user wrote for the year
(``suivi/rapports/<ANNEE>/``), as DOCX and PDF/A; ``--revoyure``: the 2027 review against the
baselines and the 2027 targets.

Plain functions for the command line and the tests; nothing here prints.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from contrat.amendements.origine import version_des_sources
from contrat.application.construction import gabarit_par_defaut
from contrat.application.sources import lire
from contrat.controles.dossier import Lecture, Resultat
from contrat.controles.suivi import SuiviJuge, juger_suivi
from contrat.erreurs import ErreurSource, ErreurUsage, Probleme
from contrat.impression.evaluation import ANNEE_REVOYURE, LigneGrille, grille
from contrat.impression.rapport import DonneesRapport, imprimer_rapport
from contrat.lecture.rapport import lire_textes
from contrat.lecture.suivi import DOSSIER_SUIVI, dossier_suivi
from contrat.lecture.yaml_positions import relatif
from contrat.modele.contrat import Contrat


@dataclass(frozen=True)
class PreparationRapport:
    """The report's files (DOCX, PDF) and what it found."""

    nom: str
    """« rapport-2025 » (« rapport-2027-revoyure »): the name of its files and of their set in dist."""
    fichiers: dict[str, bytes]
    lignes: list[LigneGrille]
    actions: int
    avertissements: list[str] = field(default_factory=list)
    durees: dict[str, float] = field(default_factory=dict)


def verifier_annee(contrat: Contrat, annee: int, revoyure: bool) -> None:
    """The year must be one of the contract's period (and 2027 for the revoyure): ErreurUsage."""
    periode = contrat.periode
    if not periode.debut <= annee <= periode.fin:
        raise ErreurUsage(f"année {annee} en dehors de la période du contrat ({periode.debut}-{periode.fin}) : "
                          "le rapport annuel porte sur une année du contrat")
    if revoyure and annee != ANNEE_REVOYURE:
        raise ErreurUsage(f"--revoyure : la revoyure du contrat a lieu en {ANNEE_REVOYURE} (python build.py rapport "
                          f"{ANNEE_REVOYURE} --revoyure), pas en {annee}")


def preparer_rapport(dossier: Path, annee: int, revoyure: bool = False, strict: bool = False,
                     sources: Resultat | Lecture | None = None,
                     dire: Callable[[Resultat], object] | None = None) -> PreparationRapport:
    """The report of ``annee``: the follow-up and the year's texts read and checked, the tree
    printed, then DOCX and PDF. ``sources``: the contract checked, or only read and typed (a
    ``Lecture``: its rules then run while LibreOffice converts, as a build's do, and ``dire`` is
    given their result before anything is returned). Any error of the contract, the follow-up or
    the texts stops it (ErreurSource, every one at once)."""
    return _preparer(dossier, annee, revoyure, strict, sources or lire(dossier), dire)


class _Juge:
    """The contract's rules and the follow-up's findings, judged once (``strict``: warnings fail)."""

    def __init__(self, sources: Resultat | Lecture, suivi: SuiviJuge | None, strict: bool,
                 dire: Callable[[Resultat], object] | None) -> None:
        self.sources, self.suivi, self.strict, self.dire = sources, suivi, strict, dire
        self.resultat: Resultat | None = sources if isinstance(sources, Resultat) else None

    def __call__(self, autres: list[Probleme] | None = None) -> Resultat:
        """The verdict (raises ErreurSource with every error, ``autres`` included)."""
        autres = autres or []
        propres = self.suivi.problemes if self.suivi is not None and self.resultat is None else []
        if self.resultat is None:
            assert isinstance(self.sources, Lecture)
            try:
                resultat = self.sources.juger(self.strict)
            except ErreurSource as exc:
                raise ErreurSource(exc.problemes + propres + autres) from None
            erreurs = [p for p in propres if p.gravite == "erreur" or self.strict]
            if erreurs or autres:
                raise ErreurSource(resultat.avertissements + propres + autres)
            resultat.avertissements = sorted(resultat.avertissements + propres)
            resultat.suivi = self.suivi
            self.resultat = resultat
            if self.dire is not None:
                self.dire(resultat)
        elif autres:
            raise ErreurSource(autres)
        return self.resultat


def _preparer(dossier: Path, annee: int, revoyure: bool, strict: bool, sources: Resultat | Lecture,
              dire: Callable[[Resultat], object] | None) -> PreparationRapport:
    from contrat.rendu.docx import OptionsRendu
    from contrat.rendu.rapport import AvisJoint, document_joint, pdf_rapport, rendre_rapport

    debut = time.perf_counter()
    c = sources.contrat
    verifier_annee(c, annee, revoyure)
    suivi_juge = sources.suivi if isinstance(sources, Resultat) else juger_suivi(dossier, c)
    juge = _Juge(sources, suivi_juge, strict, dire)
    textes, problemes = lire_textes(dossier, annee)
    if suivi_juge is None:
        problemes.append(Probleme(relatif(dossier_suivi(dossier), dossier), 0, 0, "", "dossier de suivi absent : le "
                                  "rapport lit les valeurs des indicateurs et la programmation dans "
                                  f"{DOSSIER_SUIVI}/, à côté des sources"))
    if not c.indicateurs:
        problemes.append(Probleme(relatif(dossier / "indicateurs.yaml", dossier), 0, 0, "", "aucune fiche d'indicateur : le rapport évalue "
                                  "le contrat par les indicateurs de ses critères d'évaluation"))
    if problemes or suivi_juge is None or suivi_juge.erreurs:
        juge(problemes)  # every error at once: the contract's, the follow-up's, the texts'
    assert suivi_juge is not None
    suivi = suivi_juge.suivi
    avertissements = []
    if not any(v.annee == annee for v in suivi.valeurs):
        avertissements.append(f"aucune valeur d'indicateur pour {annee} dans {DOSSIER_SUIVI}/valeurs : tous les "
                              "indicateurs sont « non renseignés »")
    if 5 not in textes.textes:
        avertissements.append(f"partie 5 (articulation des volets social, économique et urbain) à rédiger : "
                              f"{DOSSIER_SUIVI}/rapports/{annee}/5-articulation.md")
    durees = {"lecture": time.perf_counter() - debut}
    debut = time.perf_counter()
    donnees = DonneesRapport(c, suivi, annee, textes, revoyure)
    arbre = imprimer_rapport(donnees)
    version = version_des_sources(dossier)
    options = OptionsRendu(gabarit=gabarit_par_defaut(dossier, "rapport.docx"), date=version.date,
                           version=version.libelle, commit=version.commit, dossier_sources=dossier)
    docx = rendre_rapport(arbre, options)
    durees["DOCX"] = time.perf_counter() - debut
    debut = time.perf_counter()
    avis = [AvisJoint(textes.dossier, document_joint(a.code, a.titre, a.pdf.fichier, a.pdf.pages, a.pdf.empreinte))
            for a in textes.avis if a.pdf is not None]
    lus = sources.fichiers
    pdf, notes = pdf_rapport(docx, c, options, next(n.texte for n in arbre.enfants if n.cle == "entete"),
                             lambda: _archive(dossier, lus, suivi_juge, textes.contenus), avis, pendant=juge)
    durees["PDF"] = time.perf_counter() - debut
    nom = f"rapport-{annee}" + ("-revoyure" if revoyure else "")
    return PreparationRapport(nom, {f"{nom}.docx": docx, f"{nom}.pdf": pdf}, grille(c, suivi, annee, revoyure),
                              sum(len(p.actions) for p in suivi.programmations if p.annee == annee),
                              avertissements + notes, durees)


def _archive(dossier: Path, lus: tuple[str, ...], suivi: SuiviJuge, textes: dict[str, bytes]) -> bytes:
    """The contract's sources, the follow-up data and the year's texts, zipped reproducibly: what
    the report's PDF carries, as the contract's carries its sources."""
    from contrat.confiance.archive import zip_sources

    racine = dossier.parent
    autres = dict(textes)
    for nom in suivi.fichiers:
        chemin = racine / nom
        if chemin.is_file():
            autres[Path(nom).as_posix()] = chemin.read_bytes()
    return zip_sources(dossier, lus, autres)
