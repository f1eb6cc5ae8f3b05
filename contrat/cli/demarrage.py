"""The first thing ``build.py`` does: when the command line asks for a build (no command, only
options), start LibreOffice before the engine is even imported, so that its start (about a
second) overlaps loading, checking and rendering. Standard library only."""

from __future__ import annotations

OPTIONS_A_VALEUR = {"--sources", "--dist", "--gabarit", "--a-la-date"}
OPTIONS_SEULES = {"--strict", "--force", "--debug"}


def commande(args: list[str]) -> str | None:
    """The command named on the command line (None: a build), past the main group's options."""
    attendre_valeur = False
    for arg in args:
        if attendre_valeur:
            attendre_valeur = False
        elif arg in OPTIONS_A_VALEUR:
            attendre_valeur = True
        elif arg.split("=", 1)[0] in OPTIONS_A_VALEUR or arg in OPTIONS_SEULES:
            continue
        else:
            return arg
    return None


def construction_demandee(args: list[str]) -> bool:
    """``build.py [options]``: a build (every other command names itself; help builds nothing)."""
    return commande(args) is None


def prechauffer(args: list[str]) -> None:
    """Before the engine is imported: LibreOffice started for a build; for every command but
    watch (which rebuilds for hours), what is let go of is kept to the exit (``contrat.liberation``)
    and the cyclic garbage collector runs less often."""
    if commande(args) != "watch":
        import gc

        from contrat.liberation import garder_jusqu_a_la_sortie

        garder_jusqu_a_la_sortie()
        # A one-shot command builds a whole contract's objects and keeps them to its exit: at the
        # collector's default pace (a pass every 700 new objects) it scans them again and again,
        # 0.13 s of a 470-page build's reading and render; the same peak memory at this pace.
        gc.set_threshold(50_000, 20, 20)
    from contrat.application.lancement import conversion_probable, preparer_conversion

    if construction_demandee(args) and conversion_probable(args) \
            or commande(args) == "rapport" and not {"-h", "--help"} & set(args):  # the annual report converts too
        preparer_conversion()


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
