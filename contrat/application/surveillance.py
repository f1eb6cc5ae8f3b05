"""Warm mode: takes a sources folder; rebuilds the contract each time a file of it (or the Word
template) is saved, with one LibreOffice kept running, and gives each rebuild's outcome with the
time from the save to the refreshed PDF.

A plain generator for the command line (``build.py watch``) and the tests; nothing here prints.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from contrat.application.construction import Construction, OptionsConstruction, construire, gabarit_par_defaut
from contrat.erreurs import ErreurContrat

Etat = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class Reconstruction:
    """One rebuild: its outputs (None if the sources are invalid: ``erreur`` says why), and the
    seconds from the newest save to the end of the rebuild."""

    construction: Construction | None
    erreur: ErreurContrat | None
    delai: float
    fichiers_changes: tuple[str, ...]


def etat(dossier: Path, gabarit: Path) -> Etat:
    """Size and modification time of every file watched (cheap: no file is read)."""
    fichiers = [p for p in dossier.rglob("*") if p.is_file()] + ([gabarit] if gabarit.is_file() else [])
    resultat = {}
    for f in fichiers:
        try:
            s = f.stat()
        except OSError:
            continue
        resultat[str(f)] = (s.st_size, s.st_mtime_ns)
    return resultat


def surveiller(dossier: Path, options: OptionsConstruction = OptionsConstruction(), intervalle: float = 0.2,
               continuer: Callable[[], bool] = lambda: True) -> Iterator[Reconstruction]:
    """Build once, then again after every change, for as long as ``continuer()`` says so."""
    from contrat.rendu.libreoffice import garder_libreoffice

    garder_libreoffice()
    gabarit = options.gabarit or gabarit_par_defaut(dossier)
    avant: Etat = {}
    try:
        while continuer():
            maintenant = etat(dossier, gabarit)
            if maintenant == avant:
                time.sleep(intervalle)
                continue
            time.sleep(intervalle)  # an editor may write a file in several steps: let it finish
            stable = etat(dossier, gabarit)
            if stable != maintenant:
                continue
            changes = tuple(sorted(f for f in set(stable) | set(avant) if stable.get(f) != avant.get(f)))
            sauvegarde = max((stable[f][1] for f in changes if f in stable), default=time.time_ns()) / 1e9
            avant = stable
            try:
                construction, erreur = construire(dossier, options), None
            except ErreurContrat as exc:
                construction, erreur = None, exc
            yield Reconstruction(construction, erreur, max(0.0, time.time() - sauvegarde), changes)
    finally:
        garder_libreoffice(False)
