"""The review: each requirement of the référentiel in the version in force on the signing date,
judged by its rule or by an attestation of sources/conformite.yaml, placed in the sources."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from contrat.conformite.referentiel import EXIGENCES, PAR_ID, Exigence
from contrat.conformite.regles import Statut, Verdict
from contrat.erreurs import Probleme
from contrat.lecture.yaml_positions import ErreurLecture, Positions, lire_yaml, relatif
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Contrat

FICHIER = "conformite.yaml"
CHAPITRES_INCLUS = {"enjeux": "enjeux", "annexes": "annexes", "contributions": "contributions",
                    "indicateurs": "indicateurs", "chiffres_cles": "chiffres_cles"}


@dataclass(frozen=True)
class Attestation:
    exigence: str
    par: str
    le: dt.date
    commentaire: str = ""


@dataclass
class Declarations:
    """What sources/conformite.yaml says: attestations, and the gaps known and accepted (which
    check does not warn about: the report still lists them)."""

    attestations: dict[str, Attestation] = field(default_factory=dict)
    ecarts_connus: set[str] = field(default_factory=set)
    problemes: list[Probleme] = field(default_factory=list)
    present: bool = False
    fichier: str = FICHIER
    """The file as findings name it (relative like every source file's name)."""


@dataclass(frozen=True)
class Ligne:
    id: str
    texte: str
    statut: Statut
    detail: str
    source: str
    url: str
    chapitre: str = ""
    lieu: str = ""
    page: int = 0
    """The chapter's page in the PDF of dist/ built from these sources (0: none)."""


def lire_declarations(dossier: Path, aujourd_hui: dt.date | None = None) -> Declarations:
    """Read sources/conformite.yaml (absent: nothing declared); every problem placed at file:line."""
    chemin = dossier / FICHIER
    d = Declarations()
    if not chemin.is_file():
        return d
    d.present = True
    positions = Positions()
    nom = d.fichier = relatif(chemin, dossier)
    try:
        contenu = lire_yaml(chemin, dossier, (), positions)
    except ErreurLecture as exc:
        d.problemes.append(exc.probleme)
        return d
    if contenu is None:
        return d
    if not isinstance(contenu, dict):
        d.problemes.append(Probleme(nom, 1, 1, "", "attendus : « attestations: » et « ecarts_connus: », des listes"))
        return d

    def dire(ici: Chemin, message: str) -> None:
        fichier, ligne, colonne = positions.trouver(ici)
        d.problemes.append(Probleme(fichier, ligne, colonne, "", message))

    for cle in contenu:
        if cle not in ("attestations", "ecarts_connus"):
            dire((cle,), f"« {cle} » : ni attestations ni ecarts_connus (voir docs/conformite.md)")
    for i, a in enumerate(_liste(contenu.get("attestations"), ("attestations",), dire)):
        _attestation(a, ("attestations", i), d, dire, aujourd_hui or dt.date.today())
    for i, e in enumerate(_liste(contenu.get("ecarts_connus"), ("ecarts_connus",), dire)):
        ident = e.get("exigence") if isinstance(e, dict) else e
        if ident not in PAR_ID:
            dire(("ecarts_connus", i), f"exigence inconnue « {ident} » (voir docs/conformite.md)")
        else:
            d.ecarts_connus.add(str(ident))
    return d


def _liste(valeur: Any, ici: Chemin, dire: Any) -> list[Any]:
    if valeur is None:
        return []
    if not isinstance(valeur, list):
        dire(ici, "une liste est attendue")
        return []
    return valeur


def _attestation(a: Any, ici: Chemin, d: Declarations, dire: Any, aujourd_hui: dt.date) -> None:
    if not isinstance(a, dict):
        dire(ici, "une attestation est attendue : {exigence, par, le, commentaire}")
        return
    ident, par, le = a.get("exigence"), str(a.get("par") or "").strip(), a.get("le")
    exigence = PAR_ID.get(str(ident))
    if exigence is None:
        dire((*ici, "exigence"), f"exigence inconnue « {ident} » (voir docs/conformite.md)")
        return
    if not exigence.attestable:
        dire((*ici, "exigence"), f"l'exigence {ident} est jugée automatiquement : elle ne s'atteste pas")
        return
    if not par:
        dire((*ici, "par"), f"attestation de {ident} sans nom : « par: Prénom NOM, qualité » est obligatoire")
        return
    try:
        date = le if isinstance(le, dt.date) else dt.date.fromisoformat(str(le))
    except ValueError:
        dire((*ici, "le"), f"attestation de {ident} : « {le} » n'est pas une date (AAAA-MM-JJ attendu)")
        return
    if date > aujourd_hui:
        dire((*ici, "le"), f"attestation de {ident} datée du {date:%d/%m/%Y}, dans le futur")
        return
    d.attestations[str(ident)] = Attestation(str(ident), par, date, str(a.get("commentaire") or ""))


def date_de_reference(contrat: Contrat) -> dt.date:
    """The signing date; an unsigned contract is judged by today's texts."""
    return contrat.signature.date or dt.date.today()


def reviser(contrat: Contrat, arbre: Any, positions: Positions, declarations: Declarations,
            date: dt.date | None = None, signets: dict[str, int] | None = None) -> list[Ligne]:
    """Every requirement judged, in the référentiel's order (``signets``: the PDF's bookmarks and
    their pages, which place each chapter)."""
    quand = date or date_de_reference(contrat)
    lignes = [_juger(e, contrat, arbre, positions, declarations, quand) for e in EXIGENCES]
    return [replace(x, page=page_du_chapitre(x.chapitre, signets)) if signets and x.chapitre else x for x in lignes]


def page_du_chapitre(titre: str, signets: dict[str, int]) -> int:
    """The page of the first bookmark that ends with the chapter's title (« II/ Evaluation »)."""
    cle = " ".join(titre.split()).casefold()
    return next((p for t, p in signets.items() if t.casefold().endswith(cle)), 0)


def _juger(e: Exigence, contrat: Contrat, arbre: Any, positions: Positions, d: Declarations,
           quand: dt.date) -> Ligne:
    v = e.version(quand)
    if v is None:
        premiere = e.versions[0]
        return Ligne(e.id, e.texte, "sans objet", f"en vigueur à partir du {premiere.du:%d/%m/%Y}, après la signature",
                     premiere.source, premiere.url)
    texte = v.texte or e.texte
    regle = v.regle or e.regle
    verdict = regle(contrat) if regle else Verdict("à attester", "aucune règle automatique : à attester")
    attestation = d.attestations.get(e.id)
    if attestation and verdict.statut != "satisfaite":
        verdict = Verdict("attestée", f"attestée par {attestation.par} le {attestation.le:%d/%m/%Y}"
                          + (f" : {attestation.commentaire}" if attestation.commentaire else ""), verdict.chemin)
    lieu = chapitre = ""
    if verdict.chemin:
        fichier, ligne, _ = positions.trouver(verdict.chemin)
        lieu = f"{fichier}:{ligne}" if ligne else fichier
        chapitre = _chapitre(contrat, verdict.chemin)
    return Ligne(e.id, texte, verdict.statut, verdict.detail, v.source, v.url, chapitre, lieu)


def _chapitre(contrat: Contrat, chemin: Chemin) -> str:
    """The chapter where the place prints (the signatures page, the cover, or none)."""
    tete = chemin[0]
    if tete == "chapitres" and len(chemin) > 1 and isinstance(chemin[1], int):
        return contrat.chapitres[chemin[1]].titre
    if tete in ("signataires", "signature"):
        return "page de signature"
    if tete == "couverture":
        return "couverture"
    inclus = CHAPITRES_INCLUS.get(str(tete))
    trouve = next((ch.titre for ch in contrat.chapitres if inclus and ch.inclure == inclus), "")
    return trouve or ("fiches d'indicateurs (non imprimées)" if tete == "indicateurs" else "")


ORDRE: tuple[Statut, ...] = ("satisfaite", "attestée", "partielle", "manquante", "à attester", "sans objet")


def bilan(lignes: list[Ligne]) -> str:
    """« 18/36 satisfaites, 5 manquantes… »: the counts in a line."""
    comptes = {s: sum(1 for x in lignes if x.statut == s) for s in ORDRE}
    jugees = len(lignes) - comptes["sans objet"]
    pluriel = {"satisfaite": "satisfaites", "attestée": "attestées", "partielle": "partielles",
               "manquante": "manquantes", "à attester": "à attester", "sans objet": "sans objet"}
    reste = ", ".join(f"{n} {pluriel[s]}" for s, n in comptes.items() if n and s != "satisfaite")
    return f"{comptes['satisfaite']}/{jugees} satisfaites" + (f", {reste}" if reste else "")


def avertissement(lignes: list[Ligne], d: Declarations) -> str | None:
    """ONE warning for check: the missing requirements not declared as known gaps."""
    manquantes = [x.id for x in lignes if x.statut == "manquante" and x.id not in d.ecarts_connus]
    if not manquantes:
        return None
    return (f"conformité aux textes : {len(manquantes)} exigence(s) manquante(s) ({', '.join(manquantes)}) ; "
            f"{bilan(lignes)} ; détail : python build.py conformite")


# --- formats ---------------------------------------------------------------------------------

def origine_de_la_date(contrat: Contrat, donnee: dt.date | None) -> str:
    """Why the texts of that day: asked for, the signing date, or none in the sources (today's)."""
    if donnee is not None:
        return "date demandée"
    if contrat.signature.date is not None:
        return "date de signature du contrat"
    return ("contrat non daté dans ses sources : textes d'aujourd'hui ; --date AAAA-MM-JJ pour ceux du jour de "
            "sa signature")


def en_texte(lignes: list[Ligne], quand: dt.date, origine: str = "") -> str:
    precision = f" ({origine})" if origine else ""
    sortie = [f"Conformité aux textes en vigueur le {quand:%d/%m/%Y}{precision} : {bilan(lignes)}", ""]
    for x in lignes:
        sortie.append(f"{x.id:6} {x.statut:11} {x.texte}")
        sortie.append(f"       {x.detail}")
        if x.lieu:
            sortie.append(f"       où : {x.lieu}" + (f" ({x.chapitre}" + (f", p. {x.page}" if x.page else "") + ")"
                                                    if x.chapitre else ""))
        sortie.append(f"       source : {x.source}")
    return "\n".join(sortie)


def _cellule(t: str) -> str:
    return t.replace("|", "\\|").replace("\n", " ")


def en_markdown(lignes: list[Ligne], quand: dt.date, origine: str = "") -> str:
    precision = f" ({origine})" if origine else ""
    sortie = [f"## Conformité aux textes en vigueur le {quand:%d/%m/%Y}", "", f"{bilan(lignes)}{precision}", "",
              "| Exigence | Statut | Où | Source |", "|---|---|---|---|"]
    for x in lignes:
        ou = " — ".join(p for p in (x.chapitre + (f", p. {x.page}" if x.page else ""), f"`{x.lieu}`" if x.lieu else "") if p)
        source = f"[{x.source}]({x.url})" if x.url else x.source
        sortie.append(f"| **{x.id}** {_cellule(x.texte)} | {x.statut} : {_cellule(x.detail)} | {_cellule(ou)} | "
                      f"{_cellule(source)} |")
    return "\n".join(sortie)


def en_json(lignes: list[Ligne], quand: dt.date, origine: str = "") -> str:
    return json.dumps({"date_de_reference": quand.isoformat(), "origine_de_la_date": origine, "bilan": bilan(lignes),
                       "exigences": [x.__dict__ for x in lignes]}, ensure_ascii=False, indent=2)


FORMATS = {"texte": en_texte, "markdown": en_markdown, "json": en_json}
