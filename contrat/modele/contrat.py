"""The typed model of a contrat de ville: the single schema of the sources.

Field names are the YAML keys and the template variables (French domain vocabulary).
Every list item the user writes carries a stable ``code`` so that amendments are computed
by identity, never by position.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    create_model,
    field_validator,
    model_validator,
)
from pydantic.config import JsonDict

from contrat.modele.base import CONSTRUCTION, ModeleFige
from contrat.modele.nombres import Manquant, Nombre, lire_nombre, lire_valeur
from contrat.modele.prose import Prose, Segment
from contrat.modele.sortes import Sorte, figer, sortes

_CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _texte_non_vide(v: str) -> str:
    if not v.strip():
        raise ValueError("texte vide")
    return v


def _code_valide(v: str) -> str:
    if not _CODE.fullmatch(v):
        raise ValueError(f"identifiant « {v} » invalide (minuscules, chiffres et tirets, ex. « acces-emploi »)")
    return v


def _booleen(v: object) -> object:
    if isinstance(v, str):
        correspondance = {"oui": True, "non": False, "vrai": True, "faux": False}
        if v.strip().lower() in correspondance:
            return correspondance[v.strip().lower()]
        raise ValueError(f"« {v} » : « oui » ou « non » attendu")
    return v


def _vrai(v: object) -> bool:
    """A boolean of the sources, read leniently (pydantic reports a wrong one with its field)."""
    try:
        return _booleen(v) is True
    except ValueError:
        return False


def _annee(v: object) -> object:
    if isinstance(v, str) and not re.fullmatch(r"\d{4}", v.strip()):
        raise ValueError(f"« {v} » n'est pas une année (quatre chiffres attendus)")
    return v


def _date(v: object) -> object:
    """AAAA-MM-JJ, read once here: the rest of the engine handles dates, never their text."""
    if isinstance(v, dt.date):
        return v
    texte = v.strip() if isinstance(v, str) else ""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", texte):
            return dt.date.fromisoformat(texte)
    except ValueError:
        pass
    raise ValueError(f"date « {v} » invalide (format attendu : AAAA-MM-JJ)")


INTERNE: JsonDict = {"interne": True}
"""Marks a field the loader fills (never written in the sources): left out of the fields a
message proposes and of the schema."""


def interne(champ: Any) -> bool:
    """A field of the model that the sources never write (see ``INTERNE``)."""
    extra = getattr(champ, "json_schema_extra", None)
    return isinstance(extra, dict) and bool(extra.get("interne"))


Texte = Annotated[str, AfterValidator(_texte_non_vide)]
Date = Annotated[dt.date, BeforeValidator(_date)]
Code = Annotated[str, AfterValidator(_code_valide)]
Booleen = Annotated[bool, BeforeValidator(_booleen)]
Annee = Annotated[int, BeforeValidator(_annee)]
NombreEcrit = Annotated[Nombre, BeforeValidator(lire_nombre)]
ValeurChiffre = Annotated[Nombre | Manquant, BeforeValidator(lire_valeur)]
"""A cell of a table of figures: a number, or « n.c. » (non communiqué), « s » (secret statistique)."""


def _exemplaires(v: object) -> object:
    """A count of originals, written « 6 » (digits, at least one)."""
    texte = str(v).strip() if isinstance(v, (str, int)) and not isinstance(v, bool) else ""
    if not re.fullmatch(r"\d{1,4}", texte) or int(texte) < 1:
        raise ValueError(f"« {v} » n'est pas un nombre d'exemplaires (un entier à partir de 1, ex. « 6 »)")
    return int(texte)


Exemplaires = Annotated[int, BeforeValidator(_exemplaires)]


class Modele(ModeleFige):
    """A class of the sources' model: a key it does not know is an error of the sources."""

    model_config = ConfigDict(extra="forbid")


# --- registries -------------------------------------------------------------------


class Sigle(Modele):
    """An acronym used in the contract."""

    sigle: Texte
    """The acronym as written (DDT, CAF...)."""
    definition: str | None = None
    """Its full name; required unless ``nature`` is ``nom_propre``."""
    nature: Literal["sigle", "nom_propre"] = "sigle"
    """``nom_propre``: a proper name in capitals, not expanded in the list of acronyms."""


class Organisation(Modele):
    """An organisation (or a group of actors) that can be partner or signatory."""

    code: Code
    """Stable identifier, used by the enjeux tables and the signatories."""
    libelle: Texte
    """How the contract names it in the tables."""
    sigle: str | None = None
    """Its acronym, which must exist in the registry of acronyms."""
    nom: str | None = None
    """Full name, when it is not the acronym's definition."""
    nature: Literal["organisation", "collectif"] = "organisation"
    """``collectif`` for generic groups (les bailleurs sociaux, les associations...)."""
    genre: Literal["f", "m"] | None = None
    """Grammatical gender of its name (« la Région … représentée », « l'État … représenté »)."""
    nombre: Literal["singulier", "pluriel"] | None = None
    """Grammatical number of its name (« les conseils citoyens, représentés »); by default plural
    for a ``collectif``, singular otherwise."""

    @property
    def nom_complet(self) -> str:
        """How the contract names it in full (parties, signature page, cover)."""
        return self.nom or self.libelle

    @property
    def pluriel(self) -> bool:
        """Its name takes plural agreement (a collective, unless it says it is singular)."""
        return self.nombre == "pluriel" if self.nombre else self.nature == "collectif"


class SourceDonnees(Modele):
    """Where figures come from."""

    code: Code
    libelle: Texte
    """As printed under the figures, e.g. « source SIG 2019 »."""


# --- metadata -----------------------------------------------------------------------


class Epigraphe(Modele):
    """The quotation on the title page."""

    texte: Prose
    auteur: tuple[Segment, ...]


class Grandeur(Modele):
    """A single figure with its unit."""

    valeur: NombreEcrit
    unite: Texte


class GrandeurQuartier(Modele):
    """A figure of a QPV's identity card: typed (``valeur`` and ``unite``), or read from a table of
    key figures (``chiffre: tableau.ligne.colonne``), so that it is typed once. ``valeur: "n.c."`` is
    a figure not communicated, ``"s"`` one under statistical secrecy (no unit then)."""

    valeur: ValeurChiffre | None = None
    unite: str = ""
    chiffre: str | None = None
    source: Code | None = None
    """Code of this figure's data source (``sources_donnees``), when it is not the QPV's: a figure
    read from a table has that table's source."""

    @model_validator(mode="after")
    def _une_seule_origine(self) -> GrandeurQuartier:
        if (self.valeur is None) == (self.chiffre is None):
            raise ValueError("« valeur » (avec « unite ») ou « chiffre » (tableau.ligne.colonne) attendu, "
                             "l'un ou l'autre")
        if isinstance(self.valeur, Nombre) and not self.unite.strip():
            raise ValueError("« unite » attendue avec « valeur »")
        if self.chiffre is not None and self.unite:
            raise ValueError("« unite » vient du tableau de chiffres quand la valeur y est lue")
        if self.chiffre is not None and self.source is not None:
            raise ValueError("« source » vient du tableau de chiffres quand la valeur y est lue")
        return self


_CODE_QP = re.compile(r"^QN(\d{2}|2A|2B|97)\d{3,4}[A-Z]?$")  # no (?:...): an editor's regex too


def _code_qp(v: str) -> str:
    if not _CODE_QP.fullmatch(v.strip()):
        raise ValueError(f"« {v} » n'est pas un code de quartier prioritaire (« QN », le département puis le numéro, "
                         "ex. « QN03901M »)")
    return v.strip()


class Quartier(Modele):
    """A quartier prioritaire (QPV) covered by the contract."""

    code: Code
    nom: Texte
    """Its official name (décret n° 2023-1314)."""
    nom_usuel: str | None = None
    """The name the inhabitants and the contract use, printed beside the official one."""
    code_qp: Annotated[str, AfterValidator(_code_qp)] | None = Field(
        default=None, json_schema_extra={"pattern": _CODE_QP.pattern})
    """Its official code (« QN03901M »)."""
    statut: Literal["nouvel entrant", "maintenu", "périmètre modifié"] | None = None
    """Compared with the former geography (2015): a new QPV, kept, or kept with a changed contour."""
    commune: Texte
    superficie: GrandeurQuartier | None = None
    """Unknown: absent, or ``{valeur: "n.c."}``: printed « non communiquée »."""
    population: GrandeurQuartier | None = None
    source: Code | None = None
    """Code of the data source of the figures above (each may name its own)."""


class Territoire(Modele):
    """The intercommunality (EPCI) and its communes."""

    epci: Code
    """Code of the EPCI in the registry of organisations."""
    nombre_communes: Annotated[int, BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v)] | None = None
    """How many communes the EPCI counts (printed nowhere: checked against ``communes_qpv``)."""
    communes_qpv: tuple[Texte, ...] = Field(min_length=1)
    """Communes that hold a QPV."""


class Phase(Modele):
    debut: Annee
    fin: Annee


class Periode(Modele):
    """The contract's period and its phases."""

    debut: Annee
    fin: Annee
    phases: tuple[Phase, ...] = Field(min_length=1)


class Element(Modele):
    """A coded line of text (objective, lever, criterion...)."""

    code: Code
    texte: Texte


class Delegue(Modele):
    """Who signs in the titular's stead (« représenté par Mme X, 1re adjointe »)."""

    nom: Texte
    """Name of the delegate, as printed (« Mme X »)."""
    qualite: Texte
    """Their title (« 1re adjointe au maire »)."""


class Signataire(Modele):
    """A signatory of the contract."""

    code: Code
    organisation: Code
    """Code of the organisation in the registry."""
    aussi_pour: tuple[Code, ...] = ()
    """Other organisations of the registry the same person signs for (« le Maire de la ville-centre,
    Président de la communauté d'agglomération »): one block, one original per organisation."""
    qualite: Texte
    """Title of the signing person, e.g. « La Présidente »."""
    nom: str | None = None
    """Name of the person, when known."""
    genre: Literal["f", "m"] | None = None
    """Grammatical gender of the title, for « représenté(e) par » its delegate; by default read
    from its article (« Le Maire », « La Présidente »)."""
    delegue: Delegue | None = None
    """Who signs by delegation; printed after the titular (« représenté par Mme X, 1re adjointe »)."""
    groupe: Code | None = None
    """The group of signatories it is printed under (``groupes_signataires``)."""

    @property
    def organisations(self) -> tuple[str, ...]:
        """Codes of every organisation it signs for, its own first."""
        return (self.organisation, *self.aussi_pour)


class GroupeSignataires(Modele):
    """A heading of the signature page (« Pour l'État », « Les collectivités », « Les bailleurs »)."""

    code: Code
    titre: Texte


class Signature(Modele):
    """Place and date of signature."""

    lieu: Texte
    date: Date | None = None
    """Once signed; empty before signature."""
    date_effet: Date | None = None
    """Entry into force; by default the date of signature."""
    exemplaires: Exemplaires | None = None
    """Number of originals as the signed contract states it (« en 6 exemplaires originaux »); by
    default one per signatory organisation."""
    representation: Booleen = False
    """Each signature block says « représenté(e) par » its signatory's title (« Région /
    représentée par la Présidente / Marie DUPONT »)."""
    avant: Code | None = None
    """The chapter the signature page is printed before (the annexes, often); by default it is
    printed last."""


class Couverture(Modele):
    """Options of the cover page."""

    logo: str | None = None
    """An image (PNG or JPEG) of the sources printed above the title."""
    logo_alternative: str | None = None
    """The logo's alternative text: what a screen reader says, and the tagged PDF's /Alt, instead
    of the image. Required with a logo (a public document must be accessible: see
    ``controles.accessibilite``); left a plain string so that an empty one is reported there,
    with its line, rather than as a typing error."""
    logo_empreinte: str | None = Field(default=None, json_schema_extra=INTERNE)
    """SHA-256 of the image (set when loading): replacing it is a change of the cover."""

    quartiers: Literal["liste", "communes", "resume"] | None = None
    """How the cover names the QPV: each with its commune on one line (« liste »), a count then
    one line per commune (« communes »), or the count alone (« resume »). By default the list for
    one or two QPV, by commune beyond."""


# --- key figures --------------------------------------------------------------------


class Colonne(Modele):
    code: Code
    libelle: Texte
    unite: str = ""
    """Unit of the column's values (a line's own unit prevails): « % », « habitants »."""


class Calcul(Modele):
    """A derived column, computed, never typed: from two others (``ecart``, ``evolution_pct``) or
    the sum of several (``somme``: the ``colonnes`` given, by default every typed column)."""

    code: Code
    libelle: Texte
    type: Literal["ecart", "evolution_pct", "somme"]
    de: Code | None = None
    a: Code | None = None
    colonnes: tuple[Code, ...] = ()
    unite: str = ""
    """Unit of the computed values when the line has none (« evolution_pct » is always in %)."""

    @model_validator(mode="after")
    def _operandes(self) -> Calcul:
        if self.type != "somme" and (self.de is None or self.a is None):
            raise ValueError(f"un calcul « {self.type} » demande « de » et « a » (codes de colonnes)")
        if self.type == "somme" and (self.de is not None or self.a is not None):
            raise ValueError("un calcul « somme » additionne ses « colonnes » (sans « de » ni « a »)")
        return self


class LigneTotal(Modele):
    """A computed line under a table: the sum of its lines, column by column."""

    libelle: Texte
    colonnes: tuple[Code, ...] = ()
    """Columns summed (by default every typed column): others are left blank."""


class LigneChiffres(Modele):
    """One indicator of a table of figures."""

    code: Code
    libelle: Texte
    """In a table « par_quartier », by default the name of the QPV the line is."""
    valeurs: dict[str, ValeurChiffre]
    """One value per column code: a number, or « n.c. » (non communiqué), « s » (secret statistique)."""
    unite: str = ""
    formulation: str | None = None
    """How to write the line in a list, e.g. « {libelle} : {valeur} dont 194 maternelles »."""
    puce: Booleen = False
    """Printed with a bullet (•), as sub-items of a distribution."""


class TableauChiffres(Modele):
    """A table of key figures, typed here or read from a CSV/XLSX export."""

    code: Code
    titre: Texte
    source: Code | None = None
    repeter_source: Booleen = True
    """``non``: no source line when the QPV card or table just before has the same source (a signed
    contract may print it once for both); printed as soon as it differs."""
    annee: Annee | None = None
    presentation: Literal["tableau", "liste"] = "tableau"
    entete: Literal["ligne", "cellules", "aucun"] = "ligne"
    """Column headings: a heading row, repeated in each cell (« EPCI 56 595 »), or none."""
    total: Grandeur | None = None
    """A total printed above the table (« 440 demandeurs d'emploi »)."""
    colonnes: tuple[Colonne, ...] = Field(min_length=1)
    lignes: tuple[LigneChiffres, ...] = Field(min_length=1)
    calculs: tuple[Calcul, ...] = ()
    ligne_total: LigneTotal | None = None
    sommes_100: tuple[tuple[Code, ...], ...] = ()
    """Groups of lines (codes) whose percentages must add up to 100."""
    fichier: str | None = None
    """CSV/XLSX file the lines were read from (relative to the sources)."""
    par_quartier: Booleen = False
    """One line per QPV: the lines' codes are the QPV's codes, their labels its names by default."""
    colonnes_par_bloc: Annotated[int, Field(ge=1, le=12)] | None = None
    """Most value columns printed side by side; a wider table is printed in successive blocks,
    each with the first column. By default, as many as the page's width holds (5)."""


class ChiffresCles(Modele):
    """Chapter I: the neighbourhood in figures."""

    tableaux: tuple[TableauChiffres, ...] = ()
    quartiers: Literal["fiches", "tableau", "aucun"] | None = None
    """The QPV's identity cards (name, commune, area, population): one block each (« fiches »),
    one table for all (« tableau »), or none. By default blocks for one QPV, a table for more."""


# --- enjeux -------------------------------------------------------------------------


class Partenaire(Modele):
    """A partner in an axis: one or several organisations, optionally with the exact wording."""

    ref: tuple[Code, ...] = Field(min_length=1)
    texte: str | None = None

    @field_validator("ref", mode="before")
    @classmethod
    def _une_ou_plusieurs(cls, v: object) -> object:
        return (v,) if isinstance(v, str) else v


def _partenaire(v: object) -> object:
    return {"ref": v} if isinstance(v, str) else v


COLONNES_STANDARD = ("objectifs", "partenaires", "leviers", "criteres_evaluation")
"""The columns of an enjeu's table every contract has had (the axes' own fields)."""


def _element_ou_partenaire(v: object) -> str:
    """An item of a column the contract adds: an element (code, texte) or a partner (a code of
    the registry, or ref + texte)."""
    return "element" if isinstance(v, dict) and "code" in v else "partenaire"


ItemColonne = Annotated[
    Annotated[Element, Tag("element")] | Annotated[Annotated[Partenaire, BeforeValidator(_partenaire)],
                                                     Tag("partenaire")],
    Discriminator(_element_ou_partenaire)]


class _Cellules(Modele):
    """The cells of one row of an enjeu's table: the usual columns, and those the contract adds
    (``autres``, written in the sources as the row's own keys, « pilote: [...] », checked against
    the declared columns)."""

    code: Code
    titre: Texte
    objectifs: tuple[Element, ...] = ()
    partenaires: tuple[Annotated[Partenaire, BeforeValidator(_partenaire)], ...] = ()
    leviers: tuple[Element, ...] = ()
    criteres_evaluation: tuple[Element, ...] = ()
    autres: dict[str, tuple[ItemColonne, ...]] = {}

    PROPRES: ClassVar[tuple[str, ...]] = ("code", "titre", "autres", *COLONNES_STANDARD)

    @model_validator(mode="before")
    @classmethod
    def _colonnes_ajoutees(cls, donnees: Any) -> Any:
        if not isinstance(donnees, dict):
            return donnees
        autres = {k: v for k, v in donnees.items() if k not in cls.PROPRES}
        if not autres:
            return donnees
        return {**{k: v for k, v in donnees.items() if k in cls.PROPRES}, "autres": autres}


class ObjectifOperationnel(_Cellules):
    """A level below an axe: its own row of the enjeu's table, under the axe's merged cell."""


OBJECTIFS_LOI: dict[int, str] = {
    1: "lutter contre les inégalités de tous ordres et les concentrations de pauvreté",
    2: "garantir aux habitants l'égalité réelle d'accès à l'éducation, aux services et aux équipements publics",
    3: "agir pour le développement économique, la création d'entreprises et l'accès à l'emploi",
    4: "agir pour l'amélioration de l'habitat",
    5: "développer la prévention, promouvoir l'éducation à la santé et favoriser l'accès aux soins",
    6: "garantir la tranquillité des habitants",
    7: "promouvoir le développement équilibré des territoires, la mixité fonctionnelle et la mobilité",
    8: "favoriser la pleine intégration des quartiers dans leur unité urbaine",
    9: "promouvoir le développement durable et le cadre de vie",
    10: "concourir à l'égalité entre les femmes et les hommes et lutter contre les discriminations",
}
"""The ten objectives of the politique de la ville (loi n° 2014-173 du 21 février 2014, art. 1 I,
1° to 10°), in short: an axe names those it serves (``objectifs_loi``)."""
SOURCE_OBJECTIFS_LOI = "loi n° 2014-173 du 21 février 2014, article 1er, I"


def _objectif_loi(v: object) -> object:
    """An objective of art. 1 by its number, 1 to 10 (« 10 » or 10)."""
    texte = str(v).strip() if isinstance(v, (str, int)) and not isinstance(v, bool) else ""
    if not texte.isdigit() or texte.startswith("0") or int(texte) not in OBJECTIFS_LOI:
        raise ValueError(f"« {v} » n'est pas un objectif de l'article 1er de la loi n° 2014-173 "
                         f"(un numéro de 1 à 10)")
    return int(texte)


ObjectifLoi = Annotated[int, BeforeValidator(_objectif_loi)]


class Axe(_Cellules):
    """An axe de travail of an enjeu: one row of the enjeu's table, or the rows of its
    objectifs opérationnels when the contract has that level (``colonnes_enjeux.sous_axe``)."""

    objectifs_operationnels: tuple[ObjectifOperationnel, ...] = ()
    objectifs_loi: tuple[ObjectifLoi, ...] = ()
    """The objectives of art. 1 of the law the axe serves (numbers 1 to 10); not a column of
    the enjeux tables (they print as signed): a chapter « inclure: objectifs_loi » prints them."""

    @field_validator("objectifs_loi")
    @classmethod
    def _objectifs_une_fois(cls, v: tuple[int, ...]) -> tuple[int, ...]:
        doubles = sorted({n for n in v if v.count(n) > 1})
        if doubles:
            raise ValueError(f"objectif {', '.join(map(str, doubles))} de l'article 1er cité deux fois")
        return v

    PROPRES: ClassVar[tuple[str, ...]] = (*_Cellules.PROPRES, "objectifs_operationnels", "objectifs_loi")

    @property
    def rangees(self) -> tuple[Axe | ObjectifOperationnel, ...]:
        """The rows this axe prints: its objectifs opérationnels, or itself."""
        return self.objectifs_operationnels or (self,)


class Enjeu(Modele):
    """One of the enjeux of the contract, with its axes."""

    code: Code
    titre: Texte
    pilier: Code | None = None
    """The pilier it belongs to (``piliers``), when the contract groups its enjeux."""
    introduction: Prose | None = None
    """Text printed between the enjeu's heading and its table (inline Markdown)."""
    axes: tuple[Axe, ...] = Field(min_length=1)


class PilierContrat(Modele):
    """A level above the enjeux: a heading grouping some of them."""

    code: Code
    titre: Texte
    introduction: Prose | None = None


def _cle_valide(v: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", v):
        raise ValueError(f"clé « {v} » invalide (minuscules, chiffres et « _ », ex. « quartiers_concernes »)")
    return v


class ColonneEnjeu(Modele):
    """A column of the enjeux tables, after the axe's."""

    code: Annotated[str, AfterValidator(_cle_valide)]
    """The axes' key for its cells (« objectifs », « pilote »...)."""
    libelle: Texte
    """Its heading."""
    nature: Literal["elements", "partenaires"] = "elements"
    """Items with a code and a text, or partners (codes of the registry of organisations)."""
    facultative: Booleen = False
    """An axe may leave this cell empty."""


class ColonnesEnjeux(Modele):
    """The columns of the enjeux tables: the axe's heading, then the contract's columns in order.
    Written either ``{axe, colonnes: [...]}`` or, for the four usual columns, by their headings
    alone (``{axe, objectifs, partenaires, leviers, criteres_evaluation}``)."""

    axe: Texte
    sous_axe: str | None = None
    """Heading of the column of the objectifs opérationnels, for a contract with that level below
    its axes (each axe then has ``objectifs_operationnels``, each with its own cells)."""
    colonnes: tuple[ColonneEnjeu, ...] = Field(min_length=1)
    titre_dans_le_tableau: Booleen = True
    """The enjeu's title also as the first row of its table, repeated on each page the table
    continues on (as some signed contracts print it); « non »: under its heading only."""

    CHAMPS_ECRITS: ClassVar[tuple[str, ...]] = ("axe", "sous_axe", "colonnes", "titre_dans_le_tableau",
                                               *COLONNES_STANDARD)
    """What the sources may write here (both forms): what a message proposes."""

    @model_validator(mode="before")
    @classmethod
    def _quatre_colonnes(cls, donnees: Any) -> Any:
        if not isinstance(donnees, dict) or "colonnes" in donnees or not any(k in donnees for k in COLONNES_STANDARD):
            return donnees
        colonnes = [{"code": k, "libelle": donnees[k], **({"nature": "partenaires"} if k == "partenaires" else {})}
                    for k in COLONNES_STANDARD if k in donnees]
        reste = {k: v for k, v in donnees.items() if k not in COLONNES_STANDARD}
        return {**reste, "colonnes": colonnes}

    def colonne(self, code: str) -> ColonneEnjeu | None:
        return next((c for c in self.colonnes if c.code == code), None)


# --- annexes and contributions ------------------------------------------------------


class ChiffreDocument(Modele):
    """A figure carried by an annex or a contribution (amount, ETP, number of people...)."""

    code: Code | None = None
    libelle: str | None = None
    valeur: NombreEcrit
    unite: str = ""
    annee: Annee | None = None


class Tableau(Modele):
    """A real table of an annex or contribution; each cell is Markdown."""

    colonnes: tuple[str, ...] = ()
    """Heading row (repeated on each page); empty when the table has none."""
    lignes: tuple[tuple[Prose, ...], ...] = Field(min_length=1)


class Lettre(Modele):
    """A letter: letterhead, place and date, recipient, object, body, signature."""

    expediteur: tuple[Texte, ...] = Field(min_length=1)
    reference: tuple[str, ...] = ()
    """« Affaire suivie par », telephone, e-mail."""
    lieu: Texte
    date: Date
    date_ecrite: str | None = None
    """The date as the letter prints it, when it differs from the usual French form."""
    destinataire: tuple[str, ...] = ()
    objet: str | None = None
    appel: str | None = None
    corps: Prose
    signature: tuple[Texte, ...] = Field(min_length=1)
    copie: str | None = None
    pied: str | None = None


class BlocTexte(Modele):
    """A block of prose (Markdown) of a document."""

    texte: Prose


class BlocTableau(Modele):
    tableau: Tableau


class BlocLettre(Modele):
    lettre: Lettre


GENRES_DE_BLOC = ("texte", "tableau", "lettre")


def _genre_de_bloc(valeur: object) -> str | None:
    """The kind of a block is its one key (``texte``, ``tableau`` or ``lettre``); none or several
    is an error of the sources (reported by pydantic as ``bloc_document``)."""
    if isinstance(valeur, dict):
        genres = [g for g in GENRES_DE_BLOC if g in valeur]
    else:
        genres = [g for g in GENRES_DE_BLOC if hasattr(valeur, g)]
    return genres[0] if len(genres) == 1 else None


BlocDocument = Annotated[
    Annotated[BlocTexte, Tag("texte")] | Annotated[BlocTableau, Tag("tableau")] | Annotated[BlocLettre, Tag("lettre")],
    Discriminator(_genre_de_bloc, custom_error_type="bloc_document",
                  custom_error_message="un bloc contient exactement un texte, un tableau ou une lettre"),
]
"""One block of a document: a tagged union, as the prose's blocks are."""


class PieceJointe(Modele):
    """An enclosure of a letter (e.g. the Région's « annexe 1 »)."""

    code: Code
    titre: Texte
    numero_affiche: str | None = None
    """Its own label as printed (« ANNEXE 1 »), distinct from the contract's annex numbers."""
    texte: Prose


class Document(Modele):
    """An annex or a partner's contribution, typed in the sources or given as a PDF.

    Its kinds of annex (a concertation record, a list of measures...) are fields of the class the
    contract validates, ``document_des_sortes()``, built from the table of kinds (``sortes.py``)."""

    @model_validator(mode="before")
    @classmethod
    def _formes_anciennes(cls, donnees: Any) -> Any:
        for sorte in sortes():
            if sorte.formes_anciennes is not None and isinstance(donnees, dict):
                donnees = sorte.formes_anciennes(donnees)
        return donnees

    code: Code
    titre: Texte
    organisation: Code | None = None
    """The partner it comes from (contributions)."""
    fichier: str
    """Where it was read from (YAML or PDF), relative to the sources."""
    pdf: str | None = Field(default=None, json_schema_extra=INTERNE)
    """An external PDF inserted at this place instead of typed content (set when loading)."""
    pdf_pages: int = Field(default=0, json_schema_extra=INTERNE)
    """Its number of pages (read when loading)."""
    pdf_empreinte: str | None = Field(default=None, json_schema_extra=INTERNE)
    """SHA-256 of the PDF file: replacing the file is a change of the annex."""
    entete: str | None = None
    """A running header of the partner's own document, printed once."""
    blocs: tuple[BlocDocument, ...] = ()
    chiffres: tuple[ChiffreDocument, ...] = ()
    pieces_jointes: tuple[PieceJointe, ...] = ()

    def sorte(self, sorte: Sorte) -> Any:
        """What the document holds of a kind of annex, or None."""
        return getattr(self, sorte.cle, None)


_DOCUMENT_DES_SORTES: list[type[Document]] = []


def document_des_sortes() -> type[Document]:
    """The class of a document with a field for each kind of annex, built once from the table
    (which is then closed): what ``Contrat`` validates its annexes and contributions with."""
    with CONSTRUCTION:
        if not _DOCUMENT_DES_SORTES:
            champs: dict[str, Any] = {s.cle: (s.modele | None, None) for s in figer()}
            classe = create_model("Document", __base__=Document, __module__=__name__, **champs)
            classe.__doc__ = Document.__doc__
            _DOCUMENT_DES_SORTES.append(classe)
        return _DOCUMENT_DES_SORTES[0]


if TYPE_CHECKING:
    DocumentDesSortes = Document
    """What the type checker knows of it: its kinds are reached through ``Document.sorte``."""


# --- avenants ---------------------------------------------------------------------------


class Avenant(Modele):
    """An amendment: what the sources say about it (the changes themselves are computed)."""

    numero: Annotated[int, BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v)]
    modifie: Texte
    """Git tag of the version it amends (« contrat-signe », « avenant-1 »)."""
    comite_pilotage: Date
    """Date of the comité de pilotage that approved it."""
    deliberations: tuple[Texte, ...] = ()
    """Other visas (deliberations of the councils...), one sentence each."""
    objet: Texte
    """What the avenant does, in one sentence (Article 1)."""
    expose_motifs: Prose
    signature: Signature
    date_effet: Date | None = None
    """Date of effect; by default the date of signature."""


# --- indicator sheets (indicateurs.yaml) -----------------------------------------------


TypeIndicateur = Literal["contexte", "realisation", "resultat", "qualitatif"]
"""The kinds of indicator the evaluation grid distinguishes: the state of the QPV, an output of the
actions, a result, or a qualitative appreciation (art. 6 IV 5° of loi 2014-173)."""

ZoneComparaison = Literal["epci", "commune", "unite_urbaine", "departement", "region", "france_metropolitaine",
                         "france", "ensemble_qpv"]
ZONES_COMPARAISON: tuple[str, ...] = get_args(ZoneComparaison)
"""The areas a QPV's figure is compared with (``ensemble_qpv``: all the QPV of France, as the ONPV
publishes them). A value of the follow-up data names one of them, or a QPV of the contract."""

_ANNEE_CLE = re.compile(r"^\s*\d{4}\s*$")


class DefinitionIndicateur(Modele):
    """How the indicator is computed: a numerator over a denominator (a count has none)."""

    numerateur: Texte
    denominateur: str | None = None


class PerimetreIndicateur(Modele):
    """Where the indicator is measured: QPV of the contract, and the areas it is compared with."""

    quartiers: tuple[Code, ...] = ()
    """Codes of the contract's QPV it covers (``quartiers[].code``); empty: all of them."""
    comparaisons: tuple[ZoneComparaison, ...] = ()
    """Areas of comparison (the law's goal is to reduce the gaps with them)."""


class ReferenceIndicateur(Modele):
    """The baseline: the value at a year (in the QPV, for all sexes unless the label says so),
    typed, or read from the contract's key figures (``chiffre: tableau.ligne.colonne``) so that a
    figure the contract gives is typed once."""

    annee: Annee
    valeur: NombreEcrit | None = None
    chiffre: str | None = None

    @model_validator(mode="after")
    def _une_seule_origine(self) -> ReferenceIndicateur:
        if (self.valeur is None) == (self.chiffre is None):
            raise ValueError("« valeur », ou « chiffre » (tableau.ligne.colonne des chiffres clés) : l'un ou l'autre")
        return self


class CiblesIndicateur(Modele):
    """Targets by year (2027: the revoyure, 2030: the contract's end) and the direction wanted.
    Written ``{sens: hausse, 2027: "35", 2030: "40"}``: the years are keys of their own."""

    sens: Literal["hausse", "baisse", "maintien"]
    valeurs: dict[Annee, NombreEcrit] = {}
    """Target value by year (read from the year keys)."""

    @model_validator(mode="before")
    @classmethod
    def _annees(cls, donnees: Any) -> Any:
        if not isinstance(donnees, dict):
            return donnees
        annees = {str(k).strip(): v for k, v in donnees.items() if _ANNEE_CLE.fullmatch(str(k))}
        if not annees:
            return donnees
        return {**{k: v for k, v in donnees.items() if not _ANNEE_CLE.fullmatch(str(k))}, "valeurs": annees}


class Indicateur(Modele):
    """An indicator sheet: how one criterion of evaluation is measured (or appreciated), with its
    baseline, targets and who supplies the data. Sheets are contract sources (an avenant states a
    change of those the contract prints); the yearly values are not (the follow-up folder)."""

    code: Code
    critere: Code
    """Code of the criterion of evaluation (``criteres_evaluation``) the sheet measures."""
    axe: Code | None = None
    """Code of the axe (or objectif opérationnel) of the criterion, needed only when several rows
    have a criterion of that code."""
    libelle: Texte
    type: TypeIndicateur
    definition: DefinitionIndicateur | Texte | None = None
    """Numerator and denominator, or a sentence."""
    unite: str | None = None
    """« % », « nombre », « € », « ETP », « points »...; required unless qualitative."""
    perimetre: PerimetreIndicateur | None = None
    """By default all the contract's QPV, and no comparison area."""
    source: str | None = None
    """Where the figures come from, e.g. « INSEE, Filosofi 2021 », « France Travail, T2 »."""
    producteur: Code | None = None
    """Organisation (registry) that produces the figures."""
    periodicite: Literal["annuelle", "semestrielle", "trimestrielle", "mensuelle", "pluriannuelle",
                         "ponctuelle"] | None = None
    par_sexe: Booleen | None = None
    """``oui``: values are given for women and men (CGCT L1111-2: the report's data by sex)."""
    sans_sexe: str | None = None
    """Why the indicator cannot be given by sex (« réunions », « équipements »), instead of ``par_sexe``."""
    reference: ReferenceIndicateur | None = None
    cibles: CiblesIndicateur | None = None
    responsable: Code | None = None
    """A signatory's organisation: who supplies the data (art. 6 IV 6°)."""
    sommable: Booleen = False
    """Values of different areas or sexes may be added up; by default never (INSEE: « la plupart
    des indicateurs sont non sommables »)."""
    illustratif: Booleen = False
    """The figures are not the contract's own (an example): the report says so on its cover."""

    @model_validator(mode="after")
    def _coherent(self) -> Indicateur:
        if self.par_sexe and self.sans_sexe is not None:
            raise ValueError("« par_sexe: oui » et « sans_sexe » se contredisent : garder l'un ou l'autre")
        if self.sans_sexe is not None and not self.sans_sexe.strip():
            raise ValueError("« sans_sexe » : dire pourquoi l'indicateur ne se donne pas par sexe")
        if self.type == "qualitatif":
            superflus = [c for c in ("unite", "reference", "cibles") if getattr(self, c) is not None]
            if superflus:
                raise ValueError(f"une fiche qualitative n'a ni unité, ni référence, ni cibles chiffrées "
                                 f"(ici : {', '.join(superflus)}) : choisir un autre type ou les retirer")
        elif self.unite is None or not self.unite.strip():
            raise ValueError(f"« unite » attendue pour un indicateur de {self.type} (« % », « nombre », « € »…)")
        return self

    @property
    def quartiers(self) -> tuple[str, ...]:
        """Codes of the QPV the sheet names (empty: all the contract's)."""
        return self.perimetre.quartiers if self.perimetre else ()

    @property
    def comparaisons(self) -> tuple[str, ...]:
        """The comparison areas the sheet declares."""
        return self.perimetre.comparaisons if self.perimetre else ()

    @property
    def sexe_renseigne(self) -> bool:
        """The sheet says whether it is given by sex: ``par_sexe: oui``, or a reason why not."""
        return bool(self.par_sexe) or self.sans_sexe is not None


# --- means, evaluation and participation (art. 6 IV 3°, 4°, 6° and art. 7 of the law) ---------


def _montant(v: Nombre) -> Nombre:
    if v.valeur < 0:
        raise ValueError(f"montant négatif (« {v.ecrit} ») : un montant mobilisé est positif ou nul")
    return v


def _lire_montant(v: object) -> Nombre:
    return lire_nombre(str(v) if isinstance(v, int) and not isinstance(v, bool) else v)


Montant = Annotated[Nombre, BeforeValidator(_lire_montant), AfterValidator(_montant)]
"""An amount in euros, French notation (« 120 000 »), never negative."""


class LigneMoyens(Modele):
    """What one signatory mobilises: its droit commun and its specific credits."""

    organisation: Code
    """A signatory's organisation (registry code)."""
    droit_commun: Montant
    credits_specifiques: Montant
    commentaire: str | None = None


class Moyens(Modele):
    """The table of means (art. 6 IV 3°: « moyens humains et financiers mobilisés au titre des
    politiques de droit commun, d'une part, et des instruments spécifiques… d'autre part »)."""

    periode: Literal["annuel", "contrat"]
    """The amounts are per year (``annuel``) or over the whole contract (``contrat``)."""
    lignes: tuple[LigneMoyens, ...] = Field(min_length=1)


class Evaluation(Modele):
    """The local evaluation structure (art. 6 IV 6°) and the engineering means (IV 4°)."""

    structure: Texte
    pilote: Code | None = None
    """The organisation that leads it (registry code)."""
    donnees: str | None = None
    """How the signatories transmit their data."""
    ingenierie: str | None = None


class Participation(Modele):
    """The participation body and its means (art. 7 of the law)."""

    instance: Texte
    composition: str | None = None
    lieu: str | None = None
    moyens: str | None = None
    formation: str | None = None
    au_comite_de_pilotage: Booleen | None = None


_EXIGENCE = re.compile(r"^[A-Z]+[0-9]*-[0-9]+$")


def _identifiant_d_exigence(v: str) -> str:
    if not _EXIGENCE.fullmatch(v.strip()):
        raise ValueError(f"« {v} » n'est pas un identifiant d'exigence (ex. « L7-4 », voir docs/conformite.md)")
    return v.strip()


IdentifiantExigence = Annotated[str, AfterValidator(_identifiant_d_exigence)]
"""A requirement of the conformity référentiel (``L7-4``); which exist is the référentiel's say,
checked by the conformity stage (the model knows no law)."""


class Attestation(Modele):
    """A named person states that the contract satisfies a requirement no rule judges."""

    exigence: IdentifiantExigence
    par: Texte
    le: Date
    commentaire: str = ""


class EcartConnu(Modele):
    """A missing requirement the parties accept: check no longer warns of it (the table keeps it)."""

    exigence: IdentifiantExigence
    motif: str = ""

    @model_validator(mode="before")
    @classmethod
    def _identifiant_seul(cls, v: Any) -> Any:
        """« - L6-9 » is short for « - {exigence: L6-9} »."""
        return {"exigence": v} if isinstance(v, str) else v


class Conformite(Modele):
    """What the sources declare to the conformity review (conformite.yaml): its presence makes
    check warn of the missing requirements."""

    attestations: tuple[Attestation, ...] = ()
    ecarts_connus: tuple[EcartConnu, ...] = ()


# --- chapters and the whole contract ------------------------------------------------


Inclusion = Literal["chiffres_cles", "enjeux", "annexes", "contributions", "sigles", "indicateurs", "objectifs_loi",
                    "moyens", "evaluation", "participation", "conformite"]
"""What a chapter may include: most are blocks of the sources of the same name (``enjeux``,
``moyens``…); ``objectifs_loi`` is the axes' field of that name, ``conformite`` the review."""
INCLUSIONS: tuple[str, ...] = get_args(Inclusion)


class Chapitre(Modele):
    """A chapter of the body: a heading, its prose and, optionally, a structured block."""

    code: Code
    titre: Texte
    numerote: Booleen = True
    texte: Prose | None = None
    inclure: Inclusion | None = None
    """Structured content placed after the prose."""


class Contrat(Modele):
    """A contrat de ville, complete and validated."""

    titre: Texte
    sous_titre: str = ""
    intitule: Texte
    """Full name used in metadata and headers."""
    epigraphe: Epigraphe | None = None
    # Constructed, not validated (it has no value to check): validating it here would build its
    # validator, and pydantic's plugin look-up, when the model is imported (a no-op build never validates).
    couverture: Couverture = Couverture.model_construct()
    territoire: Territoire
    quartiers: tuple[Quartier, ...] = Field(min_length=1)
    periode: Periode
    objectifs_nationaux: tuple[Element, ...] = Field(min_length=1)
    sources_donnees: tuple[SourceDonnees, ...] = ()
    chapitres: tuple[Chapitre, ...] = Field(min_length=1)
    signature: Signature
    signataires: tuple[Signataire, ...] = Field(min_length=1)
    groupes_signataires: tuple[GroupeSignataires, ...] = ()
    """Headings of the signature page, in order; each signatory names its ``groupe``."""
    organisations: tuple[Organisation, ...] = ()
    sigles: tuple[Sigle, ...] = ()
    non_sigles: tuple[str, ...] = ()
    """Words in capitals that are neither acronyms nor names (titles, emphasis)."""
    chiffres_cles: ChiffresCles | None = None
    colonnes_enjeux: ColonnesEnjeux | None = None
    piliers: tuple[PilierContrat, ...] = ()
    """Headings above the enjeux (each enjeu names its ``pilier``)."""
    enjeux: tuple[Enjeu, ...] = ()
    # Resolved when the class is first built (``model_rebuild``), from the table of kinds.
    annexes: tuple[DocumentDesSortes, ...] = ()
    contributions: tuple[DocumentDesSortes, ...] = ()
    avenants: tuple[Avenant, ...] = ()
    """Amendments, in order (files avenants/*.yaml)."""
    noms_propres: tuple[str, ...] = ()
    """Canonical spellings of proper names: close variants in the text are reported."""
    indicateurs: tuple[Indicateur, ...] = ()
    """Indicator sheets of the criteria of evaluation (indicateurs.yaml); not printed."""
    moyens: Moyens | None = None
    """Means by signatory, droit commun and specific credits (art. 6 IV 3°)."""
    evaluation: Evaluation | None = None
    """Local evaluation structure and engineering means (art. 6 IV 4° and 6°)."""
    participation: Participation | None = None
    """Participation body and its means (art. 7)."""
    conformite: Conformite | None = None
    """Declarations to the conformity review (conformite.yaml): attestations and known gaps."""

    @model_validator(mode="before")
    @classmethod
    def _libelles_des_quartiers(cls, donnees: Any) -> Any:
        """A line of a table « par_quartier » is named after its QPV unless it says otherwise (the
        names are typed once, in ``quartiers``); the sources' tree itself is left as read."""
        try:
            noms = {q["code"]: q["nom"] for q in donnees["quartiers"] if "code" in q and "nom" in q}
            tableaux = donnees["chiffres_cles"]["tableaux"]
        except (KeyError, TypeError):
            return donnees
        if not isinstance(tableaux, list) or not any(
                isinstance(t, dict) and _vrai(t.get("par_quartier")) for t in tableaux):
            return donnees

        def completer(t: Any) -> Any:
            if not (isinstance(t, dict) and _vrai(t.get("par_quartier")) and isinstance(t.get("lignes"), list)):
                return t
            # A line that is no QPV keeps its code as a name: the rules say what is wrong with it.
            return {**t, "lignes": [{**l, "libelle": noms.get(l["code"], l["code"])}
                                    if isinstance(l, dict) and "libelle" not in l and isinstance(l.get("code"), str)
                                    else l for l in t["lignes"]]}

        return {**donnees, "chiffres_cles": {**donnees["chiffres_cles"], "tableaux": [completer(t) for t in tableaux]}}

    @classmethod
    def model_rebuild(cls, **options: Any) -> bool | None:
        """Built with the class of a document that the table of kinds gives (see ``annexes``)."""
        options.setdefault("_types_namespace", {"DocumentDesSortes": document_des_sortes()})
        construit = super().model_rebuild(**options)
        # The items of a column the contract adds (a union told apart by a function) serialize
        # through their own classes: built now, or model_dump_json (the seal of reserved pages)
        # meets a deferred serializer (« MockValSer ») on a contract that has such a column.
        Element.model_rebuild()
        Partenaire.model_rebuild()
        return construit

    @property
    def avec_objectifs_operationnels(self) -> bool:
        """The enjeux tables have a column of objectifs opérationnels (``colonnes_enjeux.sous_axe``)."""
        return self.colonnes_enjeux is not None and self.colonnes_enjeux.sous_axe is not None

    def organisation(self, code: str) -> Organisation:
        """The registry's organisation ``code``. KeyError for an unknown code (a rule reports it):
        not StopIteration, which a generator turns into a RuntimeError that nothing expects."""
        for o in self.organisations:
            if o.code == code:
                return o
        raise KeyError(code)

    def objectifs_loi_servis(self) -> dict[int, tuple[Axe, ...]]:
        """Each objective of art. 1 of the law (1 to 10) and the axes that serve it, in order."""
        axes = [a for e in self.enjeux for a in e.axes]
        return {n: tuple(a for a in axes if n in a.objectifs_loi) for n in OBJECTIFS_LOI}

    def objectifs_loi_non_couverts(self) -> tuple[int, ...]:
        """The objectives of art. 1 no axe serves (all ten when no axe says which it serves)."""
        return tuple(n for n, axes in self.objectifs_loi_servis().items() if not axes)

    @property
    def avec_objectifs_loi(self) -> bool:
        """Some axe says which objectives of art. 1 it serves."""
        return any(a.objectifs_loi for e in self.enjeux for a in e.axes)
