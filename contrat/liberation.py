"""What a process about to leave keeps instead of freeing: ``build.py`` ends with ``os._exit``
(see ``demarrage.quitter``), so a large object released just before is freed for nothing, one
piece at a time (qpdf's 50 000 objects of a 470-page PDF: 0.1 s). Standard library only."""

from __future__ import annotations

from collections.abc import Callable

_GARDES: list[object] | None = None


def garder_jusqu_a_la_sortie() -> None:
    """From now on, ``liberer`` keeps what it is given: the process's exit frees it all at once."""
    global _GARDES
    _GARDES = []


def liberer(objet: object, fermer: Callable[[], object]) -> None:
    """``fermer()``, or nothing for a process leaving at once (the object kept until then)."""
    if _GARDES is None:
        fermer()
    else:
        _GARDES.append(objet)
