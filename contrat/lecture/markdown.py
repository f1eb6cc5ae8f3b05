"""Markdown reader: the documented subset of CommonMark, parsed to the prose AST.

Anything outside the subset (tables, images, raw HTML, code) is refused with its line,
rather than silently dropped from a contract.
"""

from __future__ import annotations

import functools
import html
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from contrat.erreurs import Probleme
from contrat.lecture.confinement import caractere_interdit, decrire_caractere, interdit_dans
from contrat.modele.prose import Bloc, Citation, ElementListe, Liste, Paragraphe, Prose, Segment, Titre

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_PARSEUR: list[MarkdownIt] = []
_VERROU = threading.Lock()


def _parseur() -> MarkdownIt:
    """The Markdown parser, made on first use: markdown-it loads in 0.02 s that a command reading
    no text (a build with nothing to do) need not spend. Made and first run under a lock: its rule
    chains are compiled on first use, and two threads doing so at once break it (« none of the
    block rules matched »; ``verify`` reads two folders at once)."""
    with _VERROU:
        if not _PARSEUR:
            from markdown_it import MarkdownIt
            from mdit_py_plugins.superscript import superscript_plugin

            parseur = MarkdownIt("commonmark").enable("table").use(superscript_plugin)  # tables parsed, to be refused
            parseur.parse("*a*")  # compiles every rule chain (block, inline, core) now
            _PARSEUR.append(parseur)
        return _PARSEUR[0]
SCHEMAS_ADMIS = ("https://", "http://", "mailto:")
"""Links a reader may follow; « #code » is a cross-reference to an annex (checked by validation)."""

IMAGE_REFUSEE = ("image « {} » non prise en charge dans le texte du contrat : la seule image imprimée est le logo "
                 "de la couverture (« couverture: {{logo: …, logo_alternative: …}} », avec son texte de remplacement)")
"""A text prints no image: none could be printed without the alternative text a published
document needs (the cover's logo has its own, required by ``check``)."""

_REFUSES = {
    "fence": "bloc de code",
    "code_block": "bloc de code (ligne indentée de 4 espaces ?)",
    "hr": "ligne horizontale",
    "table_open": "tableau",
    "html_block": "HTML",
}


_LIEN = re.compile(r"\]\(\s*<?([^)>\s]*)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
"""An image (« ![texte](chemin) »): refused as an image by the reader, not as a link."""
_LIGNE_DE_TABLEAU = re.compile(r"^\s{0,3}\|.*\|\s*$")
_AUTOLIEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\s]*)>")
_ENTITE = re.compile(r"&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|[A-Za-z][A-Za-z0-9]{1,31});")


def _entite_interdite(texte: str) -> tuple[int, int, str] | None:
    """(line, column, description) of the first character reference (« &#x202E; », « &rlm; »)
    that stands for a control or bidi character: the raw filter reads « & », the parser decodes
    it. « &#0; » counts as U+0000 (the parser makes it U+FFFD, but nobody writes it innocently)."""
    for n, ligne in enumerate(texte.split("\n"), start=1):
        if "&" not in ligne:
            continue
        for m in _ENTITE.finditer(ligne):
            hexa, decimal = m.group(1), m.group(2)
            if hexa or decimal:
                code = int(hexa, 16) if hexa else int(decimal)
                c = chr(code) if code <= 0x10FFFF else "\0"
            else:
                c = html.unescape(m.group(0))
            if interdit_dans(c):
                return n, m.start() + 1, decrire_caractere(c)
    return None


def _cibles_de_liens(ligne: str) -> list[str]:
    """Targets of the links a line writes ([texte](cible), <schéma:cible>), images left out."""
    if "![" in ligne:
        ligne = _IMAGE.sub("", ligne)
    return [m.group(1) for m in _LIEN.finditer(ligne)] + [m.group(1) for m in _AUTOLIEN.finditer(ligne)]


@dataclass(frozen=True, order=True)
class ProblemeDeTexte(Probleme):
    """A problem of a Markdown text: the loader reads the text as empty and goes on, so that the
    typing and the rules still report the rest of the sources at once."""


class ErreurMarkdown(Exception):
    """Problems found in one Markdown file."""

    def __init__(self, problemes: list[Probleme]) -> None:
        super().__init__("\n".join(map(str, problemes)))
        self.problemes = problemes


@functools.lru_cache(maxsize=1024)
def lire_markdown(texte: str, fichier: str, premiere_ligne: int = 1) -> Prose:
    """Parse ``texte`` (the content of ``fichier``, starting at ``premiere_ligne``) into a Prose.

    Kept per text (the Prose is immutable): a process that rebuilds on every save (``watch``)
    parses again only the text that changed."""
    # Every problem of the text at once: a refused character or link does not hide a table below.
    problemes: list[Probleme] = []
    interdit = caractere_interdit(texte) or ("&" in texte and _entite_interdite(texte)) or None
    if interdit:
        problemes.append(ProblemeDeTexte(fichier, interdit[0] + premiere_ligne - 1, interdit[1], "", interdit[2]))
    # Checked on the text: the parser leaves a link it finds unsafe as plain text, silently.
    problemes += [ProblemeDeTexte(fichier, n + premiere_ligne - 1, 1, "", f"lien « {cible} » refusé : seuls les "
                                  "liens https, http et mailto sont admis")
                  for n, ligne in enumerate(texte.splitlines(), start=1) for cible in _cibles_de_liens(ligne)
                  if not (cible.startswith("#") or cible.lower().startswith(SCHEMAS_ADMIS))]
    jetons = _parseur().parse(texte)
    avant = len(problemes)
    lecteur = _Lecteur(jetons, fichier, problemes, premiere_ligne - 1, entites="&" in texte)
    blocs = lecteur.blocs(fin=None)
    # What the parser sees again of a refused character or link (at its paragraph's line) is said once.
    trouves = {p.message for p in problemes[:avant]}
    problemes[avant:] = [p for p in problemes[avant:] if p.message not in trouves]
    # A table without its delimiter row is a paragraph to the parser: it would print raw.
    dans_un_tableau = {n for j in jetons if j.type == "table_open" and j.map for n in range(j.map[0], j.map[1])}
    brutes = [n for n, ligne in enumerate(texte.splitlines()) if _LIGNE_DE_TABLEAU.match(ligne)
              and n not in dans_un_tableau]
    if brutes:
        problemes.append(ProblemeDeTexte(fichier, brutes[0] + premiere_ligne, 1, "", "ligne de tableau Markdown (« | … | ») : "
                                  "les tableaux ne sont pas pris en charge dans le texte (dans une annexe, un bloc "
                                  "« tableau »)"))
    if problemes:
        raise ErreurMarkdown(sorted(problemes, key=lambda p: p.ligne))
    return Prose(fichier=fichier, blocs=tuple(blocs))


class _Lecteur:
    def __init__(self, jetons: list[Token], fichier: str, problemes: list[Probleme], decalage: int = 0,
                 entites: bool = True) -> None:
        self.entites = entites
        """The text has character references: what the parser decoded is checked again."""
        self.decalage = decalage
        self.jetons = jetons
        self.i = 0
        self.fichier = fichier
        self.problemes = problemes

    def _ligne(self, jeton: Token) -> int:
        return jeton.map[0] + 1 + self.decalage if jeton.map else 0

    def _refuser(self, jeton: Token, quoi: str) -> None:
        self.problemes.append(ProblemeDeTexte(self.fichier, self._ligne(jeton), 1, "",
                                       f"{quoi} non pris en charge dans le texte du contrat"))

    def blocs(self, fin: str | None) -> list[Bloc]:
        resultat: list[Bloc] = []
        while self.i < len(self.jetons):
            j = self.jetons[self.i]
            if fin is not None and j.type == fin:
                self.i += 1
                return resultat
            if j.type == "heading_open":
                resultat.append(self._titre(j))
            elif j.type == "paragraph_open":
                resultat.append(self._paragraphe(j))
            elif j.type in ("bullet_list_open", "ordered_list_open"):
                resultat.append(self._liste(j))
            elif j.type == "blockquote_open":
                self.i += 1
                ligne = self._ligne(j)
                contenu = self.blocs(fin="blockquote_close")
                paragraphes = tuple(b for b in contenu if isinstance(b, Paragraphe))
                if len(paragraphes) != len(contenu):
                    self._refuser(j, "une citation ne contenant pas que des paragraphes :")
                resultat.append(Citation(blocs=paragraphes, ligne=ligne))
                continue
            else:
                self._refuser(j, _REFUSES.get(j.type, f"élément « {j.type} »"))
                self.i += 1
                self._sauter_jusqua_fermeture(j)
                continue
        return resultat

    def _sauter_jusqua_fermeture(self, ouvrant: Token) -> None:
        if not ouvrant.type.endswith("_open"):
            return
        fermant = ouvrant.type.replace("_open", "_close")
        while self.i < len(self.jetons) and self.jetons[self.i].type != fermant:
            self.i += 1
        self.i += 1

    def _titre(self, j: Token) -> Titre:
        niveau = int(j.tag[1])
        if niveau == 1:
            self._refuser(j, "titre de niveau 1 (« # ») : le titre du chapitre est dans contrat.yaml ; titre")
        inline = self.jetons[self.i + 1]
        self.i += 3
        return Titre(niveau=max(niveau, 2), segments=self._segments(inline), ligne=self._ligne(j))

    def _paragraphe(self, j: Token) -> Paragraphe:
        inline = self.jetons[self.i + 1]
        self.i += 3
        return Paragraphe(segments=self._segments(inline), ligne=self._ligne(j))

    def _liste(self, j: Token) -> Liste:
        ordonnee = j.type == "ordered_list_open"
        fermant = j.type.replace("_open", "_close")
        self.i += 1
        elements: list[ElementListe] = []
        while self.jetons[self.i].type != fermant:
            li = self.jetons[self.i]  # list_item_open
            self.i += 1
            contenu = self.blocs(fin="list_item_close")
            segments: list[Segment] = []
            sous: Liste | None = None
            for b in contenu:
                if isinstance(b, Paragraphe):
                    if segments:
                        segments.append(Segment(texte=" "))
                    segments.extend(b.segments)
                elif isinstance(b, Liste) and sous is None:
                    sous = b
                else:
                    self._refuser(li, "contenu d'élément de liste")
            elements.append(ElementListe(segments=tuple(segments), sous_liste=sous,
                                         ligne=self._ligne(li)))
        self.i += 1
        return Liste(ordonnee=ordonnee, elements=tuple(elements), ligne=self._ligne(j))

    def _segments(self, inline: Token) -> tuple[Segment, ...]:
        segments: list[Segment] = []
        gras = italique = exposant = False
        lien: str | None = None
        for enfant in inline.children or []:
            t = enfant.type
            if t in ("text", "code_inline"):
                interdit = self.entites and interdit_dans(enfant.content)
                if interdit:  # decoded by the parser from what the filters above let through
                    self.problemes.append(ProblemeDeTexte(self.fichier, self._ligne(inline), 1, "",
                                                   decrire_caractere(interdit)))
                segments.append(Segment(texte=enfant.content, gras=gras, italique=italique,
                                        exposant=exposant, lien=lien))
            elif t in ("softbreak", "hardbreak"):
                segments.append(Segment(texte=" ", gras=gras, italique=italique))
            elif t == "strong_open":
                gras = True
            elif t == "strong_close":
                gras = False
            elif t == "em_open":
                italique = True
            elif t == "em_close":
                italique = False
            elif t == "sup_open":
                exposant = True
            elif t == "sup_close":
                exposant = False
            elif t == "link_open":
                lien = str(enfant.attrs.get("href", ""))
                if not (lien.startswith("#") or lien.lower().startswith(SCHEMAS_ADMIS)):
                    self.problemes.append(ProblemeDeTexte(self.fichier, self._ligne(inline), 1, "",
                                                   f"lien « {lien} » refusé : seuls les liens https, http et "
                                                   "mailto sont admis"))
            elif t == "html_inline":
                self.problemes.append(ProblemeDeTexte(self.fichier, self._ligne(inline), 1, "",
                                               f"HTML « {enfant.content} » non pris en charge dans le texte du contrat"))
            elif t == "link_close":
                lien = None
            elif t == "image":
                self.problemes.append(ProblemeDeTexte(self.fichier, self._ligne(inline), 1, "", IMAGE_REFUSEE.format(
                    str(enfant.attrs.get("src", "")))))
            else:
                self._refuser(inline, f"élément en ligne « {t} »")
        return _fusionner(segments)


def _fusionner(segments: list[Segment]) -> tuple[Segment, ...]:
    """Merge neighbouring runs with the same formatting (fewer Word runs)."""
    resultat: list[Segment] = []
    for s in segments:
        if resultat and resultat[-1].model_copy(update={"texte": ""}) == s.model_copy(update={"texte": ""}):
            resultat[-1] = resultat[-1].model_copy(update={"texte": resultat[-1].texte + s.texte})
        else:
            resultat.append(s)
    return tuple(resultat)


def lire_ligne(texte: str, fichier: str) -> tuple[Segment, ...]:
    """Parse one line of inline Markdown (used for short YAML fields such as the epigraph)."""
    prose = lire_markdown(texte, fichier)
    if not prose.blocs:
        return ()
    bloc = prose.blocs[0]
    return bloc.segments if isinstance(bloc, (Paragraphe, Titre)) else ()
