"""Reading the follow-up folder (``suivi/``, beside ``sources/``): the yearly values of the
indicators and each year's programmation, as the CSV or XLSX files colleagues already produce.

Layout:
  suivi/valeurs/*.csv|xlsx             indicateur;annee;zone;sexe;valeur;statut[;commentaire]
  suivi/programmation/<ANNEE>.csv|xlsx action;porteur;axe;quartier;credits_specifiques;droit_commun;
                                       cofinanceurs;beneficiaires_femmes;beneficiaires_hommes;pluriannuel

Files are read as text (CSV with the standard library, a workbook with pandas; every cell as
text: the model types it, French decimal comma included), one row a record; each field keeps its place (file, line, column; for a workbook, the
sheet's cell) so that every message names it. These files are not contract sources: what the
contract says of them (an unknown indicator, a QPV it does not cover) is judged by
``controles.suivi``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from contrat.erreurs import Probleme
from contrat.lecture.confinement import HorsSources, decrire_caractere, interdit_dans, lire_confine
from contrat.lecture.dossier import TableurDemesure, borner_classeur
from contrat.lecture.yaml_positions import relatif
from contrat.modele.chemin import Chemin
from contrat.modele.suivi import Action, Programmation, Suivi, Valeur

DOSSIER_SUIVI = "suivi"

COLONNES_VALEURS = ("indicateur", "annee", "zone", "sexe", "valeur", "statut", "commentaire")
REQUISES_VALEURS = ("indicateur", "annee", "zone", "valeur")
"""``sexe`` is « ensemble » when the column is absent, ``statut`` « disponible » for a number."""
COLONNES_PROGRAMMATION = ("action", "porteur", "axe", "quartier", "credits_specifiques", "droit_commun",
                          "cofinanceurs", "beneficiaires_femmes", "beneficiaires_hommes", "pluriannuel")
REQUISES_PROGRAMMATION = ("action", "porteur", "axe")
EXTENSIONS = (".csv", ".xlsx")
LIGNES_MAX = 200_000
"""Far more rows than a contract's follow-up holds (55 indicators, 7 years, a few areas and sexes)."""
TAILLE_MAX = 50 * 1024 * 1024


@dataclass(frozen=True)
class Lieu:
    """Where a field of the follow-up data was written."""

    fichier: str
    ligne: int
    colonne: int
    place: str
    """The column's name (and, in a workbook, its cell: « cellule Feuil1!C12 »)."""


@dataclass
class SuiviLu:
    """The follow-up folder read and typed (rows that do not type are left out, their problems
    reported); ``lieux``: where each typed field was written, by its path in ``suivi``."""

    suivi: Suivi
    lieux: dict[Chemin, Lieu] = field(default_factory=dict)
    """Where each file read stands (a programmation's path)."""
    rangs: dict[Chemin, tuple[_Feuille, int]] = field(default_factory=dict)
    """The file and line of each typed row (its fields' places are computed when a message asks)."""
    problemes: list[Probleme] = field(default_factory=list)
    fichiers: tuple[str, ...] = ()

    def lieu(self, chemin: Chemin) -> Lieu:
        """Where ``chemin`` (a row, a field of a row, or a file) was written."""
        for n in range(len(chemin), -1, -1):
            if chemin[:n] in self.rangs:
                feuille, ligne = self.rangs[chemin[:n]]
                champ = chemin[n] if n < len(chemin) else None
                k = feuille.colonne(str(champ)) if champ is not None else feuille.premiere
                return Lieu(feuille.nom, ligne, k, feuille.place(ligne, k) if champ is not None or feuille.feuille
                            else "")
            if chemin[:n] in self.lieux:
                return self.lieux[chemin[:n]]
        return Lieu(DOSSIER_SUIVI, 0, 0, "")

    def probleme(self, chemin: Chemin, message: str, gravite: str = "erreur") -> Probleme:
        lieu = self.lieu(chemin)
        return Probleme(lieu.fichier, lieu.ligne, lieu.colonne, lieu.place, message, gravite)


def dossier_suivi(sources: Path) -> Path:
    """The follow-up folder of a sources folder: its sibling ``suivi/``."""
    return sources.parent / DOSSIER_SUIVI


@dataclass(frozen=True)
class _Feuille:
    """A file's rows as text, with how to name a cell."""

    nom: str
    entetes: list[str]
    lignes: list[tuple[int, list[str]]]
    """(line of the file or row of the sheet, cells), the heading excluded."""
    feuille: str | None = None
    """The sheet's name for a workbook, None for a CSV file."""

    def colonne(self, nom: str) -> int:
        """The column (from 1) of a field, 1 if the file has none of that name."""
        return self.entetes.index(nom) + 1 if nom in self.entetes else 1

    @property
    def premiere(self) -> int:
        """The column a row is placed at: its indicator's or action's."""
        return self.colonne("indicateur") if "indicateur" in self.entetes else self.colonne("action")

    def place(self, ligne: int, colonne: int) -> str:
        nom = self.entetes[colonne - 1] if 0 < colonne <= len(self.entetes) else ""
        quoi = f"colonne « {nom} »" if nom else ""
        if self.feuille is None:
            return quoi
        from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]  # ships no types

        cellule = f"cellule {self.feuille}!{get_column_letter(colonne)}{ligne}"
        return f"{cellule} ({quoi})" if quoi else cellule


class _Illisible(Exception):
    def __init__(self, message: str, ligne: int = 0, colonne: int = 0) -> None:
        super().__init__(message)
        self.ligne, self.colonne = ligne, colonne


def lire_suivi(sources: Path) -> SuiviLu | None:
    """Read ``suivi/`` beside the sources folder; None when there is none."""
    racine = dossier_suivi(sources)
    if not racine.is_dir():
        return None
    lu = SuiviLu(Suivi())
    valeurs: list[Valeur] = []
    programmations: list[Programmation] = []
    fichiers: list[str] = []
    for fichier in _fichiers(racine / "valeurs", sources, lu):
        feuille = _feuille(fichier, sources, lu)
        fichiers.append(relatif(fichier, sources))
        if feuille is not None and _colonnes(feuille, COLONNES_VALEURS, REQUISES_VALEURS, lu):
            _typer(feuille, Valeur, ("valeurs",), valeurs, lu)
    annees: dict[str, str] = {}
    for fichier in _fichiers(racine / "programmation", sources, lu):
        nom = relatif(fichier, sources)
        fichiers.append(nom)
        if not re.fullmatch(r"\d{4}", fichier.stem):
            lu.problemes.append(Probleme(nom, 0, 0, "", "le fichier d'une programmation se nomme par son année "
                                                        "(ex. « programmation/2025.csv »)"))
            continue
        if fichier.stem in annees:
            lu.problemes.append(Probleme(nom, 0, 0, "", f"programmation {fichier.stem} déjà donnée par "
                                                        f"« {annees[fichier.stem]} » : une année, un fichier"))
            continue
        annees[fichier.stem] = nom
        feuille = _feuille(fichier, sources, lu)
        if feuille is None or not _colonnes(feuille, COLONNES_PROGRAMMATION, REQUISES_PROGRAMMATION, lu):
            continue
        base: Chemin = ("programmations", len(programmations))
        actions: list[Action] = []
        _typer(feuille, Action, base + ("actions",), actions, lu)
        if actions:
            lu.lieux[base] = Lieu(nom, 0, 0, "")
            programmations.append(Programmation(annee=int(fichier.stem), actions=tuple(actions)))
    lu.suivi = Suivi(valeurs=tuple(valeurs), programmations=tuple(programmations))
    lu.fichiers = tuple(fichiers)
    return lu


def _fichiers(dossier: Path, sources: Path, lu: SuiviLu) -> list[Path]:
    """The data files of a folder of the follow-up, in name order; another file is reported (a
    spreadsheet saved as .ods or .xls is not read)."""
    if not dossier.is_dir():
        return []
    trouves = []
    for f in sorted(dossier.iterdir()):
        if f.name.startswith((".", "~$")) or f.is_dir() or f.suffix.lower() == ".md":
            continue
        if f.suffix.lower() in EXTENSIONS:
            trouves.append(f)
        else:
            lu.problemes.append(Probleme(relatif(f, sources), 0, 0, "", "fichier non lu : les données de suivi sont "
                                         "des fichiers CSV (UTF-8) ou XLSX", "avertissement"))
    return trouves


def _feuille(fichier: Path, sources: Path, lu: SuiviLu) -> _Feuille | None:
    nom = relatif(fichier, sources)
    try:
        # Read as the sources are: inside suivi/, through no link, a file of one name.
        octets = lire_confine(dossier_suivi(sources), fichier, nom)
        if len(octets) > TAILLE_MAX:
            raise _Illisible(f"{len(octets) // (1024 * 1024)} Mo : un fichier de suivi en fait au plus "
                             f"{TAILLE_MAX // (1024 * 1024)}")
        feuille = _xlsx(nom, octets) if fichier.suffix.lower() == ".xlsx" else _csv(nom, octets)
        _controler_caracteres(feuille)
        return feuille
    except _Illisible as exc:
        lu.problemes.append(Probleme(nom, exc.ligne, exc.colonne, "", str(exc)))
    except TableurDemesure as exc:
        lu.problemes.append(Probleme(nom, exc.ligne, exc.colonne if exc.ligne else 0, "", str(exc)))
    except HorsSources as exc:  # said of the sources' folder: here, of suivi/
        lu.problemes.append(Probleme(nom, 0, 0, "", str(exc).replace("dossier des sources", "dossier suivi/")))
    except OSError as exc:
        lu.problemes.append(Probleme(nom, 0, 0, "", f"lecture impossible ({exc.strerror or type(exc).__name__})"))
    return None


def _csv(nom: str, octets: bytes) -> _Feuille:
    """A CSV file, ``;``, ``,`` or tab separated (the heading's most frequent), UTF-8. Read with
    the standard library, as the contract's exports are: importing pandas would cost the report
    0.26 s for files the csv module reads as fast."""
    try:
        texte = octets.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        ligne = octets[:exc.start].count(b"\n") + 1
        raise _Illisible("le fichier n'est pas encodé en UTF-8 (l'enregistrer en « CSV UTF-8 »)", ligne, 1) from None
    premiere = texte.split("\n", 1)[0]
    separateur = max(";,\t", key=premiere.count)
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur, quotechar='"', strict=True)
    cellules: list[list[str]] = []
    try:
        for rang in lecteur:
            if any("\n" in c or "\r" in c for c in rang):
                raise _Illisible("retour à la ligne dans une cellule : une valeur tient sur une ligne",
                                 len(cellules) + 1, 1)
            if cellules and len(rang) > len(cellules[0]):
                raise _Illisible(f"{len(rang)} cellules au lieu de {len(cellules[0])} (un « {separateur} » dans une "
                                 "valeur doit être entre guillemets)", lecteur.line_num, 1)
            cellules.append(rang)
    except csv.Error:
        raise _Illisible("fichier CSV illisible (guillemet non fermé ?)", lecteur.line_num, 1) from None
    if not cellules or not any(c.strip() for c in cellules[0]):
        raise _Illisible("fichier vide : une ligne d'en-tête est attendue", 1, 1)
    entetes = [c.strip().lower() for c in cellules[0]]
    # A short row (a blank line) has its missing cells empty. One row per line (no line break
    # inside a cell, refused above): row n is line n + 1.
    largeur = len(entetes)
    return _Feuille(nom, entetes, [(n + 1, rang + [""] * (largeur - len(rang))) for n, rang in enumerate(cellules) if n])


def _xlsx(nom: str, octets: bytes) -> _Feuille:
    """The first sheet of a workbook, its cells as text (an integral number without « .0 »); read by
    calamine (Rust), three times faster than openpyxl on 10 000 rows."""
    import pandas as pd  # only when there is follow-up data

    try:
        borner_classeur(octets)
        classeur = pd.ExcelFile(io.BytesIO(octets), engine="calamine")
        feuille = str(classeur.sheet_names[0])
        table = pd.read_excel(classeur, sheet_name=feuille, header=None, dtype=object)
    except TableurDemesure:
        raise
    except Exception as exc:  # noqa: BLE001  # the readers raise many types; all mean « unreadable »
        raise _Illisible(f"classeur XLSX illisible ({type(exc).__name__})") from None
    rangs = [["" if _vide(v) else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v) for v in rang]
             for rang in table.to_numpy().tolist()]
    if not rangs:
        raise _Illisible("feuille vide : une ligne d'en-tête est attendue", 1, 1)
    entetes = [c.strip().lower() for c in rangs[0]]
    return _Feuille(nom, entetes, [(n + 1, rang) for n, rang in enumerate(rangs) if n], feuille)


def _vide(v: Any) -> bool:
    return v is None or isinstance(v, float) and v != v  # NaN: an empty cell


def _controler_caracteres(feuille: _Feuille) -> None:
    """A cell is text the report prints: the filter of the other sources (control characters...)."""
    if len(feuille.lignes) > LIGNES_MAX:
        raise _Illisible(f"{len(feuille.lignes)} lignes, plus que les {LIGNES_MAX} qu'un fichier de suivi peut tenir")
    for ligne, rang in feuille.lignes:
        for k, c in enumerate(rang):
            if not c.isprintable():
                interdit = interdit_dans(c)
                if interdit:
                    raise _Illisible(decrire_caractere(interdit), ligne, k + 1)


def _colonnes(feuille: _Feuille, connues: tuple[str, ...], requises: tuple[str, ...], lu: SuiviLu) -> bool:
    """The heading names known columns, each once, the required ones among them."""
    bon = True
    vues: set[str] = set()
    for k, nom in enumerate(feuille.entetes, start=1):
        if not nom:
            continue
        if nom not in connues:
            bon = False
            lu.problemes.append(Probleme(feuille.nom, 1, k, feuille.place(1, k) if feuille.feuille else "",
                                         f"colonne inconnue « {nom} » (colonnes possibles : {', '.join(connues)})"))
        elif nom in vues:
            bon = False
            lu.problemes.append(Probleme(feuille.nom, 1, k, "", f"colonne « {nom} » en double"))
        vues.add(nom)
    manquantes = [c for c in requises if c not in vues]
    if manquantes:
        bon = False
        lu.problemes.append(Probleme(feuille.nom, 1, 1, "", f"il manque la ou les colonnes {', '.join(manquantes)} "
                                                            f"(en-tête attendu : {';'.join(connues)})"))
    return bon


def _typer(feuille: _Feuille, modele: type[Valeur] | type[Action], base: Chemin, types: list[Any],
           lu: SuiviLu) -> None:
    """Each non-empty row typed by ``modele``, appended to ``types`` with its fields placed; a row
    that does not type is reported at the cell at fault."""
    colonnes = {nom: k for k, nom in enumerate(feuille.entetes, start=1) if nom}
    for ligne, rang in feuille.lignes:
        if not any(c.strip() for c in rang):
            continue
        # Empty cells are left out (the field's default), the value's too (« valeur manquante »).
        donnees = {nom: rang[k - 1].strip() for nom, k in colonnes.items() if k - 1 < len(rang) and rang[k - 1].strip()}
        try:
            typee = modele.model_validate(donnees)
        except ValidationError as exc:
            for err in exc.errors():
                champ = str(err["loc"][0]) if err["loc"] else _champ_en_cause(modele)
                k = colonnes.get(champ, 1)
                lu.problemes.append(Probleme(feuille.nom, ligne, k, feuille.place(ligne, k), _message(err)))
            continue
        lu.rangs[base + (len(types),)] = (feuille, ligne)
        types.append(typee)


def _champ_en_cause(modele: type[Valeur] | type[Action]) -> str:
    """The column a check across a row's fields is placed on (a value and its status: the value)."""
    return "valeur" if modele is Valeur else "action"


_MESSAGES = {
    "missing": "valeur obligatoire manquante",
    "int_parsing": "un entier est attendu (chiffres seuls)",
    "string_too_short": "texte vide",
}


def _message(err: ErrorDetails) -> str:
    """pydantic's error in French (the model's own validators write French already)."""
    if err["type"] == "value_error":
        return str(err.get("ctx", {}).get("error", err["msg"]))
    if err["type"] == "literal_error":
        valeurs = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
        return f"« {err.get('input')} » : valeur non admise (valeurs possibles : {', '.join(valeurs)})"
    return _MESSAGES.get(err["type"], f"valeur refusée ({err['type']})")

