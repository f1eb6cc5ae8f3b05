"""Reading the YAML sources: every scalar stays a string, every position is kept.

YAML 1.1 implicit typing turns ``01053`` into 555 and ``non`` into False; the
BaseLoader keeps strings and the typed model decides. Positions follow dagster's
SourcePositionTree idea: ``{chemin: (fichier, ligne, colonne)}``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from contrat.erreurs import Probleme
from contrat.lecture.confinement import HorsSources, caractere_interdit, decrire_caractere, interdit_dans, lire_confine
from contrat.modele.chemin import Chemin


@dataclass
class Positions:
    """Where each value of the loaded sources was written."""

    table: dict[Chemin, tuple[str, int, int]] = field(default_factory=dict)
    styles: dict[Chemin, str | None] = field(default_factory=dict)
    """YAML style of each scalar ("|" for block scalars): Markdown lines start after it."""
    contenus: dict[str, bytes] = field(default_factory=dict)
    """Files read, relative to the sources folder (POSIX), with the bytes read: exactly what the
    PDF embeds."""

    @property
    def lus(self) -> set[str]:
        return set(self.contenus)

    def lire(self, chemin: Path, racine: Path, octets: bytes) -> None:
        self.contenus[Path(os.path.relpath(chemin, racine)).as_posix()] = octets

    def fusionner(self, autres: Positions) -> None:
        self.table.update(autres.table)
        self.styles.update(autres.styles)
        self.contenus.update(autres.contenus)

    def ajouter(self, chemin: Chemin, fichier: str, ligne: int, colonne: int) -> None:
        self.table[chemin] = (fichier, ligne, colonne)

    def premiere_ligne_texte(self, chemin: Chemin) -> tuple[str, int]:
        """File and line where the text of the scalar at ``chemin`` starts."""
        fichier, ligne, _ = self.trouver(chemin)
        bloc = self.styles.get(chemin) in ("|", ">")
        return fichier, ligne + 1 if bloc else ligne

    def trouver(self, chemin: Chemin) -> tuple[str, int, int]:
        """Position of ``chemin`` or of its nearest written ancestor."""
        for n in range(len(chemin), -1, -1):
            if chemin[:n] in self.table:
                return self.table[chemin[:n]]
        return ("sources", 0, 0)


class ErreurLecture(Exception):
    """A source file cannot be read at all (syntax error, missing file)."""

    def __init__(self, probleme: Probleme) -> None:
        super().__init__(str(probleme))
        self.probleme = probleme


PROFONDEUR_MAX = 40
"""Deepest nesting of YAML collections (the sources need about 12)."""


class _Refus(Exception):
    def __init__(self, message: str, marque: Any) -> None:
        super().__init__(message)
        self.marque = marque


class _Chargeur(yaml.BaseLoader):
    """Every scalar a string; no anchors or aliases (the schema needs none, and an alias bomb
    makes a 3 Ko file take gigabytes); nesting bounded."""

    profondeur = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        evenement = self.peek_event()  # type: ignore[no-untyped-call]  # PyYAML's stubs leave it untyped
        if isinstance(evenement, yaml.AliasEvent):
            raise _Refus(f"alias « *{evenement.anchor} » refusé : les sources n'utilisent ni ancres ni alias",
                         evenement.start_mark)
        if getattr(evenement, "anchor", None):
            raise _Refus(f"ancre « &{evenement.anchor} » refusée : les sources n'utilisent ni ancres ni alias",
                         evenement.start_mark)
        self.profondeur += 1
        if self.profondeur > PROFONDEUR_MAX:
            raise _Refus(f"imbrication trop profonde (plus de {PROFONDEUR_MAX} niveaux)", evenement.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.profondeur -= 1


def composer(texte: str) -> Node | None:
    """The YAML node tree of ``texte`` by PyYAML's pure parser, anchors, aliases and deep nesting
    refused: its messages (and their translations) are the ones users see."""
    return yaml.compose(texte, Loader=_Chargeur)


class _Ailleurs(Exception):
    """What the fast reader leaves to the pure one: a syntax error (for its messages), a complex
    key, a second document."""


NULS = ("null", "Null", "NULL", "~", "")
"""Plain scalars that mean « no value »."""


def lire_evenements(texte: str, nom: str, prefixe: Chemin) -> tuple[Any, Positions]:
    """Values and positions read straight from libyaml's events (C), the same as the pure reader
    gives through its node tree (``composer`` then ``_convertir``) ten times faster: no node is
    made, each event is placed as it comes. Raises _Ailleurs for what the pure reader must say."""
    if not getattr(yaml, "__with_libyaml__", False):
        raise _Ailleurs
    positions = Positions()
    table, styles = positions.table, positions.styles
    echappements = "\\" in texte  # only a double-quoted scalar's escapes make what the raw filter cannot see
    racine: Any = _Ailleurs
    pile: list[list[Any]] = []  # per open collection: [container, its path, key awaiting its value]
    profondeur = 0
    try:
        evenements: Iterable[Any] = yaml.parse(texte, Loader=yaml.CBaseLoader)  # events typed loosely by the stubs
        for ev in evenements:
            genre = type(ev)
            if genre is yaml.MappingEndEvent or genre is yaml.SequenceEndEvent:
                pile.pop()
                profondeur -= 1
                continue
            if genre is yaml.AliasEvent:
                raise _Refus(f"alias « *{ev.anchor} » refusé : les sources n'utilisent ni ancres ni alias",
                             ev.start_mark)
            if genre is not yaml.ScalarEvent and genre is not yaml.MappingStartEvent \
                    and genre is not yaml.SequenceStartEvent:
                continue  # stream and document boundaries
            if ev.anchor:
                raise _Refus(f"ancre « &{ev.anchor} » refusée : les sources n'utilisent ni ancres ni alias",
                             ev.start_mark)
            # Counted as the pure loader counts: every node on the path, the scalar at its end too.
            if profondeur + 1 > PROFONDEUR_MAX:
                raise _Refus(f"imbrication trop profonde (plus de {PROFONDEUR_MAX} niveaux)", ev.start_mark)
            marque = ev.start_mark
            if not pile:
                if racine is not _Ailleurs:
                    raise _Ailleurs  # a second document: the pure reader's message
                chemin = prefixe
            else:
                cadre = pile[-1]
                conteneur = cadre[0]
                if type(conteneur) is list:
                    chemin = cadre[1] + (len(conteneur),)
                elif cadre[2] is None:  # a key
                    if genre is not yaml.ScalarEvent:
                        raise _Ailleurs
                    if not ev.value.isprintable() and _cle_interdite(ev.value):
                        _refuser_valeur(texte, nom, ev, cle=True)
                    if ev.value in conteneur:
                        raise ErreurLecture(Probleme(nom, marque.line + 1, marque.column + 1,
                                                     _lisible(cadre[1] + (ev.value,)),
                                                     f"la clé « {ev.value} » apparaît deux fois"))
                    cadre[2] = ev.value
                    # An unknown key is best pointed at by the key itself.
                    table[cadre[1] + (ev.value, "__cle__")] = (nom, marque.line + 1, marque.column + 1)
                    continue
                else:
                    chemin = cadre[1] + (cadre[2],)
            table[chemin] = (nom, marque.line + 1, marque.column + 1)
            if genre is yaml.ScalarEvent:
                # libyaml says '' for a plain scalar where the pure parser says None: one convention.
                style = styles[chemin] = ev.style or None
                valeur: Any = None if style is None and ev.value in NULS else ev.value
                if echappements and style == '"' and not ev.value.isprintable() and interdit_dans(ev.value):
                    _refuser_valeur(texte, nom, ev)
            else:
                valeur = {} if genre is yaml.MappingStartEvent else []
            if not pile:
                racine = valeur
            elif type(pile[-1][0]) is list:
                pile[-1][0].append(valeur)
            else:
                pile[-1][0][pile[-1][2]] = valeur
                pile[-1][2] = None
            if genre is not yaml.ScalarEvent:
                pile.append([valeur, chemin, None])
                profondeur += 1
    except yaml.YAMLError:
        raise _Ailleurs from None
    if racine is _Ailleurs:  # no document at all
        table[prefixe] = (nom, 1, 1)
        return {}, positions
    return racine, positions


_ECHAPPEMENT = re.compile(r'\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0abtnvfre "/\\N_LP])')
_SIMPLES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b",
            " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}


def _cle_interdite(cle: str) -> bool:
    return interdit_dans(cle, cle=True) is not None


def _refuser_valeur(texte: str, nom: str, ev: Any, cle: bool = False) -> None:
    """Refuse a scalar whose parsed value holds a control or bidi character (written as an escape,
    « \\u202e », which the raw filter cannot see), placed at that escape."""
    c = interdit_dans(ev.value, cle=cle) or "\0"
    ligne, colonne = ev.start_mark.line, ev.start_mark.column
    lignes = texte.split("\n")[ligne:ev.end_mark.line + 1]
    for n, contenu in enumerate(lignes):
        for m in _ECHAPPEMENT.finditer(contenu, colonne if n == 0 else 0):
            code = m.group(1)
            valeur = _SIMPLES.get(code) if len(code) == 1 else chr(int(code[1:], 16))
            if valeur == c:
                ligne, colonne = ev.start_mark.line + n, m.start()
                break
        else:
            continue
        break
    quoi = decrire_caractere(c)
    if cle and c in "\t\n\r\u2028\u2029":
        quoi = f"saut de ligne ou tabulation (U+{ord(c):04X}) interdit dans une clé"
    raise ErreurLecture(Probleme(nom, ligne + 1, colonne + 1, "", quoi))


def _echappements_permis(noeud: Node, texte: str, nom: str, cle: bool = False) -> None:
    """The pure reader's tree checked as the fast reader checks its events."""
    if isinstance(noeud, ScalarNode):
        if (cle and _cle_interdite(noeud.value)) or (noeud.style == '"' and interdit_dans(noeud.value)):
            _refuser_valeur(texte, nom, noeud, cle)
    elif isinstance(noeud, SequenceNode):
        for n in noeud.value:
            _echappements_permis(n, texte, nom)
    elif isinstance(noeud, MappingNode):
        for k, v in noeud.value:
            _echappements_permis(k, texte, nom, cle=True)
            _echappements_permis(v, texte, nom)


def lire_yaml(chemin: Path, racine: Path, prefixe: Chemin, positions: Positions) -> Any:
    """Load one YAML file (inside ``racine``, within its size cap) as plain str/list/dict,
    recording positions under ``prefixe``."""
    nom = relatif(chemin, racine)
    try:
        octets = lire_confine(racine, chemin, nom)
        texte = octets.decode("utf-8")
    except HorsSources as exc:
        raise ErreurLecture(Probleme(nom, 0, 0, "", str(exc))) from None
    except UnicodeDecodeError as exc:
        raise ErreurLecture(
            Probleme(nom, 0, 0, "", f"le fichier n'est pas encodé en UTF-8 (octet {exc.start})")
        ) from None
    interdit = caractere_interdit(texte)
    if interdit:
        raise ErreurLecture(Probleme(nom, interdit[0], interdit[1], "", interdit[2]))
    positions.lire(chemin, racine, octets)
    try:
        try:
            valeur, lues = lire_evenements(texte, nom, prefixe)
            positions.fusionner(lues)
            return valeur
        except _Ailleurs:
            noeud = composer(texte)
            if noeud is not None:
                _echappements_permis(noeud, texte, nom)
    except _Refus as exc:
        raise ErreurLecture(Probleme(nom, exc.marque.line + 1, exc.marque.column + 1, "", str(exc))) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        ligne, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise ErreurLecture(
            Probleme(nom, ligne, col, "", f"syntaxe YAML invalide : {_traduire_yaml(exc.problem)}")
        ) from None
    if noeud is None:
        positions.ajouter(prefixe, nom, 1, 1)
        return {}
    return _convertir(noeud, nom, prefixe, positions)


def _convertir(noeud: Node, nom: str, chemin: Chemin, positions: Positions) -> Any:
    positions.ajouter(chemin, nom, noeud.start_mark.line + 1, noeud.start_mark.column + 1)
    if isinstance(noeud, ScalarNode):
        # libyaml says '' for a plain scalar where the pure parser says None: one convention.
        style = noeud.style or None
        positions.styles[chemin] = style
        # An unquoted null is "no value"; every other scalar stays a string.
        if style is None and noeud.value in NULS:
            return None
        return noeud.value
    if isinstance(noeud, SequenceNode):
        return [_convertir(n, nom, chemin + (i,), positions) for i, n in enumerate(noeud.value)]
    if isinstance(noeud, MappingNode):
        resultat: dict[str, Any] = {}
        for cle, valeur in noeud.value:
            k = str(cle.value)
            if k in resultat:
                raise ErreurLecture(
                    Probleme(nom, cle.start_mark.line + 1, cle.start_mark.column + 1,
                             _lisible(chemin + (k,)), f"la clé « {k} » apparaît deux fois")
                )
            resultat[k] = _convertir(valeur, nom, chemin + (k,), positions)
            # An unknown key is best pointed at by the key itself.
            positions.ajouter(chemin + (k, "__cle__"), nom, cle.start_mark.line + 1,
                              cle.start_mark.column + 1)
        return resultat
    raise ErreurLecture(Probleme(nom, 0, 0, "", "nœud YAML inattendu"))


def _traduire_yaml(probleme: str | None) -> str:
    traductions = {
        "mapping values are not allowed here": "deux-points inattendu (une valeur contenant « : » doit être entre guillemets)",
        "could not find expected ':'": "deux-points attendu",
        "found character '\\t' that cannot start any token": "tabulation interdite (utiliser des espaces)",
        "found undefined alias": "alias inconnu",
        "expected <block end>, but found '-'": "indentation incohérente",
        "did not find expected key": "clé attendue (indentation incohérente ?)",
        "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé ?)",
        "did not find expected '-' indicator": "élément de liste attendu (indentation incohérente ?)",
        "expected <block end>": "indentation incohérente, ou guillemet non fermé plus haut ?",
        "expected the node content, but found '<stream end>'": "valeur attendue avant la fin du fichier "
                                                                "(crochet, accolade ou guillemet non fermé ?)",
        "expected the node content": "valeur attendue",
        "expected ',' or ']'": "« , » ou « ] » attendu (liste entre crochets non fermée ?)",
        "expected ',' or '}'": "« , » ou « } » attendu (champs entre accolades non fermés ?)",
        "found character": "caractère interdit à cet endroit",
    }
    for anglais, francais in traductions.items():
        if probleme and probleme.startswith(anglais):
            return francais
    # PyYAML's other messages are English: the position given is what helps most.
    return "erreur de syntaxe"


def relatif(chemin: Path, racine: Path) -> str:
    """File name as shown in messages: relative to the sources' parent folder (links are not
    followed: a message names the file as the sources name it)."""
    try:
        return str(Path(os.path.abspath(chemin)).relative_to(Path(os.path.abspath(racine)).parent))
    except ValueError:
        return str(chemin)


def _lisible(chemin: Chemin) -> str:
    morceaux: list[str] = []
    for c in chemin:
        if isinstance(c, int):
            morceaux.append(f"[{c + 1}]")
        elif c != "__cle__":
            morceaux.append(("." if morceaux else "") + c)
    return "".join(morceaux)
