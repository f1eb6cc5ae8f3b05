"""The prose AST: what a Markdown file of the sources becomes.

Like Pandoc's Block/Inline, it is closed and immutable; renderers walk it and never
see Markdown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal, Union

from pydantic import ConfigDict, Field

from contrat.modele.base import ModeleFige


class _Fige(ModeleFige):
    model_config = ConfigDict(extra="forbid")


class Segment(_Fige):
    """A run of text with uniform formatting."""

    texte: str
    gras: bool = False
    italique: bool = False
    exposant: bool = False
    lien: str | None = None


class Titre(_Fige):
    """An intertitle. Level 2 is a numbered subsection listed in the sommaire."""

    type: Literal["titre"] = "titre"
    niveau: int
    segments: tuple[Segment, ...]
    ligne: int = 0


class Paragraphe(_Fige):
    """One alinéa."""

    type: Literal["paragraphe"] = "paragraphe"
    segments: tuple[Segment, ...]
    ligne: int = 0


class ElementListe(_Fige):
    """One item of a list, possibly with a nested list."""

    segments: tuple[Segment, ...]
    sous_liste: Liste | None = None
    ligne: int = 0


class Liste(_Fige):
    """A bulleted or numbered list."""

    type: Literal["liste"] = "liste"
    ordonnee: bool = False
    elements: tuple[ElementListe, ...]
    ligne: int = 0


class Citation(_Fige):
    """A quotation block (one or more paragraphs)."""

    type: Literal["citation"] = "citation"
    blocs: tuple[Paragraphe, ...]
    ligne: int = 0


Bloc = Annotated[Union[Titre, Paragraphe, Liste, Citation], Field(discriminator="type")]


class Prose(_Fige):
    """A Markdown file of the sources, parsed."""

    fichier: str = ""
    blocs: tuple[Bloc, ...]


def texte_brut(segments: tuple[Segment, ...]) -> str:
    """The plain text of a run of segments."""
    return "".join(s.texte for s in segments)


def iterer_segments(prose: Prose) -> Iterator[tuple[int, tuple[Segment, ...]]]:
    """Every run of segments of a prose (paragraph, heading, list item), with its source line."""

    def liste(lst: Liste) -> Iterator[tuple[int, tuple[Segment, ...]]]:
        for el in lst.elements:
            yield el.ligne, el.segments
            if el.sous_liste:
                yield from liste(el.sous_liste)

    for bloc in prose.blocs:
        if isinstance(bloc, Liste):
            yield from liste(bloc)
        elif isinstance(bloc, Citation):
            for p in bloc.blocs:
                yield p.ligne, p.segments
        else:
            yield bloc.ligne, bloc.segments


def iterer_textes(prose: Prose) -> Iterator[tuple[int, str]]:
    """Every piece of plain text of a prose, with its source line (for text checks)."""
    for ligne, segments in iterer_segments(prose):
        yield ligne, texte_brut(segments)
