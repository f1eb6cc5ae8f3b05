"""The review: each requirement of the référentiel in the version in force on the signing date,
judged by its rule or by an attestation of sources/conformite.yaml, placed in the sources."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from contrat.conformite.referentiel import EXIGENCES, FIN, PAR_ID, Exigence
from contrat.conformite.regles import Statut, Verdict
from contrat.lecture.yaml_positions import Positions
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Attestation, Contrat

BLOCS_INCLUS = frozenset({"enjeux", "annexes", "contributions", "indicateurs", "chiffres_cles", "moyens", "evaluation",
                          "participation"})
"""The blocks of the sources a chapter prints by ``inclure`` (a place in one is in that chapter)."""


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
    chemin: Chemin = field(default=(), compare=False)
    """The place in the sources' tree (the printed table finds its chapter by it)."""


def problemes_des_declarations(c: Contrat, aujourd_hui: dt.date | None = None) -> Iterator[tuple[Chemin, str]]:
    """What conformite.yaml declares that the référentiel refuses: a requirement it does not
    know, an attestation of a requirement a rule judges, twice, or dated in the future."""
    if c.conformite is None:
        return
    jour = aujourd_hui or dt.date.today()
    vues: set[str] = set()
    for k, a in enumerate(c.conformite.attestations):
        ici: Chemin = ("conformite", "attestations", k)
        exigence = PAR_ID.get(a.exigence)
        if exigence is None:
            yield (*ici, "exigence"), f"exigence inconnue « {a.exigence} » (voir docs/conformite.md)"
        elif not exigence.attestable:
            yield (*ici, "exigence"), f"l'exigence {a.exigence} est jugée automatiquement : elle ne s'atteste pas"
        elif a.exigence in vues:
            yield (*ici, "exigence"), f"l'exigence {a.exigence} est déjà attestée plus haut"
        elif a.le > jour:
            yield (*ici, "le"), f"attestation de {a.exigence} datée du {a.le:%d/%m/%Y}, dans le futur"
        vues.add(a.exigence)
    for k, e in enumerate(c.conformite.ecarts_connus):
        if e.exigence not in PAR_ID:
            yield ("conformite", "ecarts_connus", k, "exigence"), \
                f"exigence inconnue « {e.exigence} » (voir docs/conformite.md)"


def date_de_reference(contrat: Contrat) -> dt.date:
    """The signing date; an unsigned contract is judged by today's texts."""
    return contrat.signature.date or dt.date.today()


def date_des_textes(contrat: Contrat, aujourd_hui: dt.date | None = None) -> tuple[dt.date, bool]:
    """The day whose texts the printed table applies, and whether it is the signing date. An
    unsigned contract is judged by the texts in force today, named by the day their latest change
    took effect: the same for every build until the law changes again, so that the printed
    contract stays a function of its sources."""
    if contrat.signature.date is not None:
        return contrat.signature.date, True
    jour = aujourd_hui or dt.date.today()
    changements = {v.du for e in EXIGENCES for v in e.versions} | \
                  {v.au + dt.timedelta(days=1) for e in EXIGENCES for v in e.versions if v.au < FIN}
    return max(d for d in changements if d <= jour), False


def reviser(contrat: Contrat, positions: Positions | None = None, date: dt.date | None = None,
            signets: dict[str, int] | None = None) -> list[Ligne]:
    """Every requirement judged, in the référentiel's order; placed in the sources' files when
    ``positions`` is given, on the PDF's pages when ``signets`` (its bookmarks and their pages) is."""
    quand = date or date_de_reference(contrat)
    attestations = {a.exigence: a for a in (contrat.conformite.attestations if contrat.conformite else ())}
    lignes = [_juger(e, contrat, positions, attestations, quand) for e in EXIGENCES]
    return [replace(x, page=page_du_chapitre(x.chapitre, signets)) if signets and x.chapitre else x for x in lignes]


def page_du_chapitre(titre: str, signets: dict[str, int]) -> int:
    """The page of the first bookmark that ends with the chapter's title (« II/ Evaluation »)."""
    cle = " ".join(titre.split()).casefold()
    return next((p for t, p in signets.items() if t.casefold().endswith(cle)), 0)


def _juger(e: Exigence, contrat: Contrat, positions: Positions | None, attestations: dict[str, Attestation],
           quand: dt.date) -> Ligne:
    v = e.version(quand)
    if v is None:
        premiere = e.versions[0]
        return Ligne(e.id, e.texte, "sans objet", f"en vigueur à partir du {premiere.du:%d/%m/%Y}, après la signature",
                     premiere.source, premiere.url)
    texte = v.texte or e.texte
    regle = v.regle or e.regle
    verdict = regle(contrat) if regle else Verdict("à attester", "aucune règle automatique : à attester")
    attestation = attestations.get(e.id)
    if attestation and verdict.statut != "satisfaite":
        verdict = Verdict("attestée", f"par {attestation.par} le {attestation.le:%d/%m/%Y}"
                          + (f" : {attestation.commentaire}" if attestation.commentaire else ""), verdict.chemin)
    ecart = next((x for x in (contrat.conformite.ecarts_connus if contrat.conformite else ()) if x.exigence == e.id), None)
    if ecart is not None and ecart.motif and verdict.statut in ("manquante", "partielle"):
        verdict = replace(verdict, detail=f"{verdict.detail} ; écart admis : {ecart.motif}")
    lieu = ""
    if verdict.chemin and positions is not None:
        fichier, ligne, _ = positions.trouver(verdict.chemin)
        lieu = f"{fichier}:{ligne}" if ligne else fichier
    chapitre = _chapitre(contrat, verdict.chemin) if verdict.chemin else ""
    return Ligne(e.id, texte, verdict.statut, verdict.detail, v.source, v.url, chapitre, lieu, chemin=verdict.chemin)


PAGE_DE_SIGNATURE, COUVERTURE = "page de signature", "couverture"
FICHES_NON_IMPRIMEES = "fiches d'indicateurs (non imprimées)"


def ou_s_imprime(contrat: Contrat, chemin: Chemin) -> int | str:
    """Where a place of the sources prints: its chapter's rank, else the page that is not a
    chapter (the signatures page, the cover), else what holds it unprinted ("" when nothing)."""
    tete = chemin[0] if chemin else ""
    if tete == "chapitres" and len(chemin) > 1 and isinstance(chemin[1], int):
        return chemin[1]
    if tete in ("signataires", "signature"):
        return PAGE_DE_SIGNATURE
    if tete == "couverture":
        return COUVERTURE
    rang = next((k for k, ch in enumerate(contrat.chapitres) if tete in BLOCS_INCLUS and ch.inclure == tete), None)
    if rang is not None:
        return rang
    return FICHES_NON_IMPRIMEES if tete == "indicateurs" else ""


def _chapitre(contrat: Contrat, chemin: Chemin) -> str:
    """The title of the chapter where the place prints (or the page, or what holds it)."""
    ou = ou_s_imprime(contrat, chemin)
    return contrat.chapitres[ou].titre if isinstance(ou, int) else ou


ORDRE: tuple[Statut, ...] = ("satisfaite", "attestée", "partielle", "manquante", "à attester", "sans objet")


def bilan(lignes: list[Ligne]) -> str:
    """« 18/36 satisfaites, 5 manquantes… »: the counts in a line."""
    comptes = {s: sum(1 for x in lignes if x.statut == s) for s in ORDRE}
    jugees = len(lignes) - comptes["sans objet"]
    pluriel = {"satisfaite": "satisfaites", "attestée": "attestées", "partielle": "partielles",
               "manquante": "manquantes", "à attester": "à attester", "sans objet": "sans objet"}
    reste = ", ".join(f"{n} {pluriel[s]}" for s, n in comptes.items() if n and s != "satisfaite")
    return f"{comptes['satisfaite']}/{jugees} satisfaites" + (f", {reste}" if reste else "")


def avertissement(lignes: list[Ligne], contrat: Contrat) -> str | None:
    """ONE warning for check: the missing requirements not declared as known gaps."""
    admis = {e.exigence for e in (contrat.conformite.ecarts_connus if contrat.conformite else ())}
    manquantes = [x.id for x in lignes if x.statut == "manquante" and x.id not in admis]
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
                       "exigences": [{k: v for k, v in x.__dict__.items() if k != "chemin"} for x in lignes]},
                      ensure_ascii=False, indent=2)


FORMATS = {"texte": en_texte, "markdown": en_markdown, "json": en_json}
