"""Starting LibreOffice ahead of a conversion: a build, an avenant and ``verify`` (which rebuilds)
start it before checking and rendering, so that its start (about a second) overlaps them.

Standard library only until called: ``build.py`` calls it before the engine is even imported
(``cli/demarrage.py``), and importing this module must cost nothing then.
"""

from __future__ import annotations


def preparer_conversion() -> None:
    """Start LibreOffice in the background for the conversion to come (nothing if it is missing:
    the conversion says how to install it)."""
    from contrat.rendu.libreoffice import preparer_libreoffice

    preparer_libreoffice()


def conversion_probable(args: list[str]) -> bool:
    """Whether ``build.py ARGS`` (a build) will probably convert: not when its outputs are newer
    than every input a date can tell (a guess: the fingerprint decides; see ``lecture.fraicheur``)."""
    from contrat.lecture.fraicheur import sans_changement_probable

    return not sans_changement_probable(args)
