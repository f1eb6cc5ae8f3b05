"""Fingerprints: of bytes (SHA-256) and of the exact list of files a contract is read from. Light
(no PDF library): signed versions and manifests use them on every diff."""

from __future__ import annotations

import hashlib
from pathlib import Path

from contrat.lecture.dossier import charger


def empreinte(donnees: bytes) -> str:
    return hashlib.sha256(donnees).hexdigest()


def fichiers_sources(dossier: Path, lus: tuple[str, ...] | None = None) -> list[Path]:
    """Exactly the files the contract is read from (``lus``, else read the folder again): never an
    editor backup, an unrelated binary or what a link points to outside."""
    if lus is None:
        lus = tuple(sorted(charger(dossier)[1].lus))
    return [dossier / nom for nom in sorted(lus)]


def contenus_sources(dossier: Path, lus: tuple[str, ...] | None = None) -> dict[str, bytes]:
    """Name -> bytes of exactly the files the contract is read from, in name order: the bytes they
    were read as when ``lus`` carries them (a reading's ``fichiers``), else as the folder is read
    again now (confined, each file once). Never a second read of a checked file by its path: a
    link swapped meanwhile would put another file in the PDF."""
    contenus = getattr(lus, "contenus", None)
    if contenus is None:
        contenus = charger(dossier)[1].contenus
        if lus is not None:
            contenus = {nom: contenus[nom] for nom in lus if nom in contenus}
    return dict(sorted(contenus.items()))
