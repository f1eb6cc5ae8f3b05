"""The review: each requirement of the référentiel in the version in force on the signing date,
judged by its rule or by an attestation of sources/conformite.yaml, placed in the sources."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from contrat.conformite.referentiel import EXIGENCES, FIN, PAR_ID, Exigence
from contrat.conformite.regles import Statut, Verdict, compte
from contrat.lecture.yaml_positions import Positions
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import INCLUSIONS, Attestation, Contrat


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
    ecarts: set[str] = set()
    for k, e in enumerate(c.conformite.ecarts_connus):
        ici = ("conformite", "ecarts_connus", k, "exigence")
        if e.exigence not in PAR_ID:
            yield ici, f"exigence inconnue « {e.exigence} » (voir docs/conformite.md)"
        elif e.exigence in ecarts:
            yield ici, f"l'écart connu {e.exigence} est déjà déclaré plus haut"
        ecarts.add(e.exigence)


@dataclass(frozen=True)
class Jour:
    """The day whose texts judge the contract, and why that day."""

    quand: dt.date
    origine: str
    depuis: bool = False
    """Unsigned and no day asked: today's texts, named by the day of their latest change."""

    @property
    def textes(self) -> str:
        """« textes en vigueur le 28/06/2024 », « textes dans leur rédaction en vigueur depuis le 15/11/2024 »."""
        if self.depuis:
            return f"textes dans leur rédaction en vigueur depuis le {self.quand:%d/%m/%Y}"
        return f"textes en vigueur le {self.quand:%d/%m/%Y}"


SIGNATURE = "date de signature du contrat"


def jour_des_textes(contrat: Contrat, demande: dt.date | None = None, aujourd_hui: dt.date | None = None) -> Jour:
    """The day asked for, else the signing date. An unsigned contract is judged by the texts in
    force today, named by the day their latest change took effect: the same for every build until
    the référentiel holds a newer text, so that a printed table does not change with the day."""
    if demande is not None:
        return Jour(demande, "date demandée")
    if contrat.signature.date is not None:
        return Jour(contrat.signature.date, SIGNATURE)
    jour = aujourd_hui or dt.date.today()
    changements = {v.du for e in EXIGENCES for v in e.versions} | \
                  {v.au + dt.timedelta(days=1) for e in EXIGENCES for v in e.versions if v.au < FIN}
    return Jour(max(d for d in changements if d <= jour),
                "contrat non daté dans ses sources : textes d'aujourd'hui ; --date AAAA-MM-JJ pour ceux du jour de "
                "sa signature", depuis=True)


def reviser(contrat: Contrat, positions: Positions | None = None, date: dt.date | None = None,
            signets: dict[str, int] | None = None) -> list[Ligne]:
    """Every requirement judged, in the référentiel's order; placed in the sources' files when
    ``positions`` is given, on the PDF's pages when ``signets`` (its bookmarks and their pages) is."""
    quand = date or jour_des_textes(contrat).quand
    # The first of each (a second is an error of the declarations' rule, reported at its line).
    attestations: dict[str, Attestation] = {}
    for a in contrat.conformite.attestations if contrat.conformite else ():
        attestations.setdefault(a.exigence, a)
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
        verdict = Verdict("attestée", f"par {attestation.par}, le {attestation.le:%d/%m/%Y}"
                          + (f" : {attestation.commentaire}" if attestation.commentaire else ""), verdict.chemin)
    ecart = next((x for x in (contrat.conformite.ecarts_connus if contrat.conformite else ()) if x.exigence == e.id),
                 None)
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
    # A place in a block a chapter includes prints in that chapter (the axes' objectives of the
    # law, in the chapter that includes them when there is one, else with the axes).
    blocs = [b for b in ("objectifs_loi", tete) if b in chemin and b in INCLUSIONS]
    rang = next((k for b in blocs for k, ch in enumerate(contrat.chapitres) if ch.inclure == b), None)
    if rang is not None:
        return rang
    return FICHES_NON_IMPRIMEES if tete == "indicateurs" else ""


def _chapitre(contrat: Contrat, chemin: Chemin) -> str:
    """The title of the chapter where the place prints (or the page, or what holds it)."""
    ou = ou_s_imprime(contrat, chemin)
    return contrat.chapitres[ou].titre if isinstance(ou, int) else ou


ORDRE: tuple[Statut, ...] = ("satisfaite", "attestée", "partielle", "manquante", "à attester", "sans objet")


PLURIELS: dict[Statut, str] = {"satisfaite": "satisfaites", "attestée": "attestées", "partielle": "partielles",
                               "manquante": "manquantes", "à attester": "à attester", "sans objet": "sans objet"}


def decompte(lignes: list[Ligne]) -> dict[Statut, int]:
    """How many requirements of each status, in the order of ``ORDRE``."""
    return {s: sum(1 for x in lignes if x.statut == s) for s in ORDRE}


def nombre_de(statut: Statut, n: int) -> str:
    """« 1 attestée », « 4 partielles »."""
    return compte(n, statut, PLURIELS[statut])


def bilan(lignes: list[Ligne]) -> str:
    """« 18/36 satisfaites, 5 manquantes… »: the counts in a line."""
    comptes = decompte(lignes)
    jugees = len(lignes) - comptes["sans objet"]
    reste = ", ".join(nombre_de(s, n) for s, n in comptes.items() if n and s != "satisfaite")
    return f"{comptes['satisfaite']}/{jugees} satisfaites" + (f", {reste}" if reste else "")


def avertissement(lignes: list[Ligne], contrat: Contrat) -> str | None:
    """ONE warning for check: the missing requirements not declared as known gaps."""
    admis = {e.exigence for e in (contrat.conformite.ecarts_connus if contrat.conformite else ())}
    manquantes = [x.id for x in lignes if x.statut == "manquante" and x.id not in admis]
    if not manquantes:
        return None
    return (f"conformité aux textes : {compte(len(manquantes), 'exigence manquante', 'exigences manquantes')} "
            f"({', '.join(manquantes)}) ; {bilan(lignes)} ; détail : python build.py conformite")


def declarations_sans_effet(lignes: list[Ligne], contrat: Contrat) -> Iterator[tuple[Chemin, str]]:
    """What conformite.yaml declares that the review, on its day, does not use: an attestation of
    a requirement not in force then, or already satisfied; a known gap that is not (or no longer)
    missing nor partial. Stale declarations would mislead the next reader."""
    if contrat.conformite is None:
        return
    statuts = {x.id: x.statut for x in lignes}
    for k, a in enumerate(contrat.conformite.attestations):
        statut = statuts.get(a.exigence)
        if statut in ("sans objet", "satisfaite"):
            raison = "sans objet à la date des textes" if statut == "sans objet" else "déjà satisfaite par les sources"
            yield ("conformite", "attestations", k), f"l'attestation de {a.exigence} est sans effet : exigence {raison}"
    for k, e in enumerate(contrat.conformite.ecarts_connus):
        if e.exigence in statuts and statuts[e.exigence] not in ("manquante", "partielle"):
            yield ("conformite", "ecarts_connus", k), (f"l'écart connu {e.exigence} n'en est plus un (exigence "
                                                       f"{statuts[e.exigence]}) : le retirer de ecarts_connus")


# --- formats ---------------------------------------------------------------------------------

def en_texte(lignes: list[Ligne], jour: Jour) -> str:
    sortie = [f"Conformité aux {jour.textes} ({jour.origine}) : {bilan(lignes)}", ""]
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


def en_markdown(lignes: list[Ligne], jour: Jour) -> str:
    sortie = [f"## Conformité aux {jour.textes}", "", f"{bilan(lignes)} ({jour.origine})", "",
              "| Exigence | Statut | Où | Source |", "|---|---|---|---|"]
    for x in lignes:
        ou = " — ".join(p for p in (x.chapitre + (f", p. {x.page}" if x.page else ""), f"`{x.lieu}`" if x.lieu else "") if p)
        source = f"[{x.source}]({x.url})" if x.url else x.source
        sortie.append(f"| **{x.id}** {_cellule(x.texte)} | {x.statut} : {_cellule(x.detail)} | {_cellule(ou)} | "
                      f"{_cellule(source)} |")
    return "\n".join(sortie)


def en_json(lignes: list[Ligne], jour: Jour) -> str:
    return json.dumps({"date_de_reference": jour.quand.isoformat(), "origine_de_la_date": jour.origine,
                       "textes": jour.textes, "bilan": bilan(lignes),
                       "exigences": [{k: v for k, v in x.__dict__.items() if k != "chemin"} for x in lignes]},
                      ensure_ascii=False, indent=2)


FORMATS = {"texte": en_texte, "markdown": en_markdown, "json": en_json}


@functools.cache
def empreinte_de_la_revue() -> str:
    """The fingerprint of the référentiel and its rules (this package's code): recorded with a
    signed version that prints the table of conformity, it tells whether that table, printed
    again today, is still judged as it was when signed."""
    h = hashlib.sha256()
    for f in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()
