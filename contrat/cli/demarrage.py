"""The first thing ``build.py`` does: when the command line asks for a build (no command, only
options), start LibreOffice before the engine is even imported, so that its start (about a
second) overlaps loading, checking and rendering. Standard library only."""

from __future__ import annotations

OPTIONS_A_VALEUR = {"--sources", "--dist", "--gabarit", "--a-la-date"}
OPTIONS_SEULES = {"--strict", "--force", "--debug"}


def construction_demandee(args: list[str]) -> bool:
    """``build.py [options]``: a build (every other command names itself; help builds nothing)."""
    attendre_valeur = False
    for arg in args:
        if attendre_valeur:
            attendre_valeur = False
        elif arg in OPTIONS_A_VALEUR:
            attendre_valeur = True
        elif arg.split("=", 1)[0] in OPTIONS_A_VALEUR or arg in OPTIONS_SEULES:
            continue
        else:
            return False
    return True


def prechauffer(args: list[str]) -> None:
    if construction_demandee(args):
        from contrat.rendu.libreoffice import preparer_libreoffice

        preparer_libreoffice()


def quitter(code: object) -> None:
    """Leave the process as ``sys.exit(code)`` would, without tearing the interpreter down: the
    atexit handlers run (LibreOffice stopped, temporary folders removed) and the outputs are
    flushed, then the process ends at once. Freeing a large build's memory object by object
    (LibreOffice's PDF parsed by qpdf, the document's XML) takes 0.1-0.3 s nobody waits for."""
    import atexit
    import os
    import sys

    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        atexit._run_exitfuncs()
    finally:
        for flux in (sys.stdout, sys.stderr):
            try:
                flux.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
