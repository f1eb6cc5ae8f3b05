"""The printed document's tree: its nodes, their closed kinds and roles, and how to walk it.

Like Pandoc's AST, this is the one description of what prints. Every writer reads it: the Word
writer (``rendu/arbre_docx.py``), the avenant's quotations, the avenant's diff and drafting, the
information section of ``verify``. A node carries its printed text twice: ``texte``, the plain
words compared between versions, and ``segments``, the same words with their inline formatting
(bold, italic, superscript, links) as they print.
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Iterator
from dataclasses import dataclass, field

from contrat.lecture.lieux import NOMS_LISTES
from contrat.modele.chemin import Chemin
from contrat.modele.prose import Segment, texte_brut


class Genre(enum.StrEnum):
    """The kind of a printed unit. Closed: a kind no table knows is a type error, not a default."""

    CONTRAT = "contrat"
    RAPPORT = "rapport"
    """The annual report on the politique de la ville (``impression.rapport``)."""
    PARTIE = "partie"
    IMAGE = "image"
    MENTION = "mention"
    TEXTE = "texte"
    ALINEA = "alinea"
    INTERTITRE = "intertitre"
    CHAPITRE = "chapitre"
    PILIER_ENJEUX = "pilier_enjeux"
    ENJEU = "enjeu"
    TABLEAU = "tableau"
    LIGNE = "ligne"
    OBJECTIF_OPERATIONNEL = "objectif_operationnel"
    CELLULE = "cellule"
    ELEMENT = "element"
    ENTETES = "entetes"
    ENTETE = "entete"
    BLOC = "bloc"
    VALEUR = "valeur"
    TABLEAU_CHIFFRES = "tableau_chiffres"
    LIGNE_LISTE = "ligne_liste"
    BLOC_COLONNES = "bloc_colonnes"
    LISTE = "liste"
    ENTREE = "entree"
    ANNEXE = "annexe"
    CONTRIBUTION = "contribution"
    PDF = "pdf"
    TABLE_DES_MATIERES = "table_des_matieres"
    CONTENU = "contenu"
    PIECE = "piece"
    MESURES = "mesures"
    PILIER = "pilier"
    THEME = "theme"
    TABLEAU_TEXTE = "tableau_texte"
    LETTRE = "lettre"
    SIGNATURES = "signatures"
    GROUPE_SIGNATAIRES = "groupe_signataires"
    SIGNATAIRE = "signataire"


class Role(enum.StrEnum):
    """What a unit is where its kind alone does not say how it prints (a mention, an alinéa)."""

    # alinéas of prose
    PUCE = "puce"
    NUMERO = "numero"
    CITATION = "citation"
    # the cover and the running header
    ENTETE_PAGES = "entete_pages"
    TITRE = "titre"
    SOUS_TITRE = "sous_titre"
    EPIGRAPHE = "epigraphe"
    VERSION = "version"
    """The cover's version line (``impression.version``)."""
    AUTEUR = "auteur"
    TERRITOIRE = "territoire"
    QUARTIERS = "quartiers"
    AVERTISSEMENT = "avertissement"
    """A cover's warning that must be seen (the annual report's « Données illustratives »)."""
    # figures
    SOURCE = "source"
    TOTAL = "total"
    # documents (annexes, contributions)
    ENTETE_DOCUMENT = "entete_document"
    SOUS_TITRE_ANNEXE = "sous_titre_annexe"
    MENTION_ANNEXE = "mention_annexe"
    ENTREE_ANNEXE = "entree_annexe"
    # letters
    EXPEDITEUR = "expediteur"
    REFERENCE = "reference"
    DATE = "date"
    DESTINATAIRE = "destinataire"
    OBJET = "objet"
    APPEL = "appel"
    SIGNATURE = "signature"
    COPIE = "copie"
    PIED = "pied"
    # tables
    TITRE_DE_LIGNE = "titre_de_ligne"
    """The first column of a table holds each row's title (the acronyms)."""
    TEXTE_DE_LOI = "texte_de_loi"
    """A legal citation (« loi n° 2014-173, art. 6 IV 1° »): its capitals number articles."""
    RENVOI = "renvoi"
    """A chapter named where it is referred to (« II/ Les enjeux »): its number, and its title's
    words, read where the title prints."""
    # signatures
    FAIT_A = "fait_a"
    QUALITE = "qualite"
    NOM = "nom"
    DELEGUE = "delegue"
    """« représenté par Mme X, 1re adjointe »: who signs in the titular's stead."""


@dataclass(frozen=True)
class Disposition:
    """How a table is laid out on the page: what its rows and cells alone do not say."""

    largeurs: tuple[float, ...]
    """Each column's width (cm)."""
    premiere_colonne: Role | None = None
    """What the first column's cells are (none: ordinary cells)."""
    a_droite: int = 0
    """Columns from this rank on are aligned right (figures line up); 0: none."""
    centre: bool = False
    espace_apres: bool = False
    """An empty paragraph after the table (figures, typed tables)."""


@dataclass(frozen=True)
class Proprietes:
    """What the avenant's diff and drafting know of a kind of unit: its noun and gender, « dans »
    or « à », whether it is a table (its rows quoted with their headers), a sequence, movable."""

    nom: str
    feminin: bool = False
    dans: bool = False
    tableau: bool = False
    sequence: bool = False
    """Its children have no codes (alinéas, rows of a typed table, lines of a letter): they are
    matched as a sequence of contents."""
    deplacable: bool = False
    """Its key is a code of the sources: removed here and added there, it moved."""


PROPRIETES: dict[Genre, Proprietes] = {
    # Never designated by their kind (they carry a name, or are never the place of a change).
    Genre.CONTRAT: Proprietes("mention", True),
    Genre.RAPPORT: Proprietes("mention", True),
    Genre.PARTIE: Proprietes("mention", True),
    Genre.CELLULE: Proprietes("mention", True),
    Genre.CONTENU: Proprietes("mention", True, sequence=True),
    Genre.SIGNATURES: Proprietes("mention", True),
    # Designated by their kind when they have no name of their own.
    Genre.IMAGE: Proprietes("logo"),
    Genre.MENTION: Proprietes("mention", True),
    Genre.TEXTE: Proprietes("texte", dans=True, sequence=True),
    Genre.ALINEA: Proprietes("alinéa"),
    Genre.INTERTITRE: Proprietes("intertitre"),
    Genre.CHAPITRE: Proprietes("chapitre", deplacable=True),
    Genre.PILIER_ENJEUX: Proprietes("pilier"),
    Genre.ENJEU: Proprietes("enjeu", deplacable=True),
    Genre.TABLEAU: Proprietes("tableau", dans=True, tableau=True),
    Genre.LIGNE: Proprietes("ligne", True, deplacable=True),
    Genre.OBJECTIF_OPERATIONNEL: Proprietes("objectif opérationnel"),
    Genre.ELEMENT: Proprietes("mention", True, deplacable=True),
    Genre.ENTETES: Proprietes("ligne des en-têtes", True, dans=True),
    Genre.ENTETE: Proprietes("en-tête"),
    Genre.BLOC: Proprietes("bloc", deplacable=True),
    Genre.VALEUR: Proprietes("valeur", True),
    Genre.TABLEAU_CHIFFRES: Proprietes("tableau", dans=True, tableau=True, deplacable=True),
    Genre.LIGNE_LISTE: Proprietes("ligne", True, deplacable=True),
    Genre.BLOC_COLONNES: Proprietes("partie du tableau", True, dans=True, tableau=True),
    Genre.LISTE: Proprietes("liste", True, dans=True),
    Genre.ENTREE: Proprietes("mention", True, deplacable=True),
    Genre.ANNEXE: Proprietes("annexe", True, deplacable=True),
    Genre.CONTRIBUTION: Proprietes("contribution", True, deplacable=True),
    Genre.PDF: Proprietes("document"),
    Genre.TABLE_DES_MATIERES: Proprietes("table des matières", True, dans=True, sequence=True),
    Genre.PIECE: Proprietes(NOMS_LISTES["pieces_jointes"], True, deplacable=True),
    Genre.MESURES: Proprietes("liste des mesures", True, dans=True),
    Genre.PILIER: Proprietes("partie", True, deplacable=True),
    Genre.THEME: Proprietes("rubrique", True, deplacable=True),
    Genre.TABLEAU_TEXTE: Proprietes("tableau", dans=True, tableau=True, sequence=True),
    Genre.LETTRE: Proprietes("lettre", True, dans=True, sequence=True),
    Genre.GROUPE_SIGNATAIRES: Proprietes(NOMS_LISTES["groupes_signataires"]),
    Genre.SIGNATAIRE: Proprietes("bloc de signature", deplacable=True),
}
TABLEAUX = frozenset(g for g, p in PROPRIETES.items() if p.tableau)
SEQUENCES = frozenset(g for g, p in PROPRIETES.items() if p.sequence)
DEPLACABLES = frozenset(g for g, p in PROPRIETES.items() if p.deplacable)


@dataclass(frozen=True)
class Serie:
    """One series of a chart: its name (said in the legend and the alternative text) and a value
    per category (None: no value to draw, said as such)."""

    nom: str
    valeurs: tuple[float | None, ...]


@dataclass(frozen=True)
class Figure:
    """What a chart shows, described once: the Word writer draws it (``rendu/graphiques.py``),
    the alternative text and the data table beside it are written from the same numbers.

    ``sorte``: « haltere » (a QPV against its comparison area, one line per category),
    « series » (each category a small panel: its values by year against its targets),
    « barres_empilees » (each category a bar, its series stacked)."""

    sorte: str
    titre: str
    categories: tuple[str, ...]
    series: tuple[Serie, ...]
    unite: str = ""
    annees: tuple[int, ...] = ()
    """For « series »: the years of the x axis (each series is then a category's values by year)."""
    cibles: tuple[tuple[tuple[int, float], ...], ...] = ()
    """For « series »: each category's targets (year, value)."""
    etiquettes: tuple[tuple[str, ...], ...] = ()
    """The printed label of each value (French notation), series by series: drawn beside it."""


@dataclass
class Noeud:
    """A printed unit (a line, a cell, an item) or a part made of units (a chapter, a table)."""

    genre: Genre
    cle: str = ""
    """Identity among its siblings: the item's code in the sources, or its rank for prose."""
    texte: str = ""
    """What the unit prints itself (a heading's title, an alinéa, a cell's item), as plain words."""
    numero: str = ""
    """Generated numbering printed before the text (« IV/ », « 3) », « ANNEXE N°2 : »)."""
    nom: str = ""
    """The place in printed terms, without article: « enjeu 3 « … » », « colonne « Leviers » »."""
    feminin: bool = False
    enfants: list[Noeud] = field(default_factory=list)
    entetes: tuple[str, ...] = ()
    """For a table: its printed column headers (to quote a row or the table in an avenant)."""
    empreinte: str = ""
    """For an image or an external PDF: its fingerprint (its pages are printed, not its text)."""
    segments: tuple[Segment, ...] = ()
    """``texte`` with its inline formatting, when it has some (none: ``texte`` prints plain)."""
    role: Role | None = None
    niveau: int = 0
    """A heading's level; a list item's depth (1: first level); a table of contents entry's level."""
    nouvelle_liste: bool = False
    """A numbered list item that starts a list (its numbering restarts at 1)."""
    disposition: Disposition | None = None
    """For a table: its layout."""
    reserve: tuple[str, ...] = ()
    """For an external PDF: the mark of each page reserved for it (replaced by its pages)."""
    source: Chemin = ()
    """Where its text comes from in the sources (checks that read what prints report there); none
    for what the engine writes (numbering, « Fait à … », the list of acronyms)."""
    figure: Figure | None = None
    """For a chart (an image drawn from data): what it shows; ``texte`` is its alternative text."""

    @property
    def ligne(self) -> str:
        return f"{self.numero}{self.texte}" if (self.texte or self.numero) else ""

    @property
    def proprietes(self) -> Proprietes:
        return PROPRIETES[self.genre]

    def morceaux(self) -> tuple[Segment, ...]:
        """What prints, run by run: the formatted segments, or the plain text as one run."""
        return self.segments or ((Segment(texte=self.texte),) if self.texte else ())

    def copie(self) -> Noeud:
        """A copy of the whole subtree (every field but the children is immutable: shared), five
        times faster than ``copy.deepcopy``."""
        double = copy.copy(self)
        double.enfants = [e.copie() for e in self.enfants]
        return double

    def enfant(self, cle: str) -> Noeud | None:
        return next((e for e in self.enfants if e.cle == cle), None)

    def contenu(self) -> tuple[object, ...]:
        """What is compared: the printed line, its fingerprint, its children in order."""
        return (self.genre, self.texte, self.numero, self.empreinte, tuple(e.cle for e in self.enfants),
                tuple(e.contenu() for e in self.enfants))


def riche(genre: Genre, cle: str, segments: tuple[Segment, ...]) -> Noeud:
    """A node printing ``segments``: its plain ``texte`` is theirs (one source for both); they are
    kept only when they carry formatting (most text is plain)."""
    formate = any(s.gras or s.italique or s.exposant or s.lien for s in segments)
    return Noeud(genre, cle, texte_brut(segments), segments=segments if formate else ())


SANS_SIGLES = (Role.NOM, Role.DELEGUE, Role.DATE, Role.TEXTE_DE_LOI, Role.RENVOI)
"""Texts whose words in capitals are never acronyms: a person's name (« Jean-Pascal FICHÈRE », a
delegate's), a date written by hand (« le 06 MARS 2024 »), a legal citation (« art. 6 IV »), a
chapter referred to by its number (« II/ Les enjeux »)."""


def textes_imprimes(racine: Noeud, sigles: bool = False) -> Iterator[tuple[Chemin, str]]:
    """(place in the sources, text) of every unit that prints a text of the sources, in document
    order: what the checks that read the words read (acronyms, proper names). With ``sigles``,
    only the texts acronyms are looked for in."""
    for n in parcourir(racine):
        if n.source and n.texte and not (sigles and n.role in SANS_SIGLES):
            yield n.source, n.texte


def lignes(noeud: Noeud) -> list[str]:
    """Every printed line in document order (whitespace normalised)."""
    return [" ".join(n.ligne.split()) for n in parcourir(noeud) if n.ligne.strip()]


def parcourir(noeud: Noeud) -> Iterator[Noeud]:
    """Every unit in document order (depth first): a stack, not nested generators (a tree of
    thousands of units is walked several times per build)."""
    pile = [noeud]
    while pile:
        n = pile.pop()
        yield n
        pile.extend(reversed(n.enfants))
