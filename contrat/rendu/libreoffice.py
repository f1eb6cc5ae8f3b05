"""LibreOffice: where it is, starting it (once per conversion, or kept running), and converting a
DOCX into a PDF through its UNO helper with the indexes (sommaire) updated.

Standard library only: ``build.py`` starts LibreOffice from here before anything else is imported,
so that its start overlaps the loading of the engine, the checking and the rendering.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from contrat.erreurs import ErreurRendu, LibreOfficeIntrouvable

SCRIPT_UNO = Path(__file__).with_name("libreoffice_uno.py")
DELAI_CONVERSION = int(os.environ.get("CONTRAT_DELAI_LIBREOFFICE", "180"))
"""Seconds LibreOffice may take (CONTRAT_DELAI_LIBREOFFICE); then its whole process group is killed."""

INSTALLER = ("LibreOffice est introuvable : le PDF n'a pas été produit (le DOCX l'a été).\n"
             "Pour l'installer sur Debian ou Ubuntu :\n"
             "  sudo apt-get install -y --no-install-recommends libreoffice-writer-nogui python3-uno "
             "fonts-crosextra-carlito fonts-crosextra-caladea fonts-liberation2\n"
             "ou lancer ./construire, qui l'installe quand il le peut.")


def python_uno() -> str:
    """A Python interpreter that can import uno (CONTRAT_PYTHON_UNO, else Debian's)."""
    candidats = (os.environ.get("CONTRAT_PYTHON_UNO", ""), "/usr/bin/python3", shutil.which("python3") or "")
    trouve = _premier_python_uno(candidats)
    if trouve is None:
        raise LibreOfficeIntrouvable(INSTALLER)
    return trouve


@functools.cache
def _premier_python_uno(candidats: tuple[str, ...]) -> str | None:
    # Asked once per process for the same candidates (starting a Python costs 0.1 s each time).
    for candidat in candidats:
        if candidat and Path(candidat).exists():
            essai = subprocess.run([candidat, "-c", "import uno"], capture_output=True)
            if essai.returncode == 0:
                return candidat
    return None


def soffice() -> str:
    """The LibreOffice program (CONTRAT_SOFFICE, else soffice on the PATH)."""
    choisi = os.environ.get("CONTRAT_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
    if not choisi or not Path(choisi).exists():
        raise LibreOfficeIntrouvable(INSTALLER)
    return choisi


class ConversionArretee(ErreurRendu):
    """LibreOffice took longer than CONTRAT_DELAI_LIBREOFFICE: stopped, never tried again."""


_RESIDENT: dict[str, Any] = {"actif": False}
"""The resident LibreOffice of this process, once ``garder_libreoffice()`` was called: its process and pipe."""


def garder_libreoffice(actif: bool = True) -> None:
    """From now on, this process keeps one LibreOffice running for all its conversions instead of
    starting one each time (0.7 s each): for a process that converts many documents (the tests).
    A build run from the command line converts once or twice and starts its own."""
    _RESIDENT["actif"] = actif
    if not actif:
        arreter_libreoffice_resident()


def preparer_libreoffice() -> None:
    """Start LibreOffice now, in the background, for the conversion to come: its start (0.7 s)
    overlaps the checking of the sources and the rendering of the DOCX. Nothing if it is missing
    (the conversion will say how to install it)."""
    try:
        programme = soffice()
    except LibreOfficeIntrouvable:
        return
    _RESIDENT["actif"] = True
    _libreoffice_resident(programme)


def _libreoffice_resident(programme: str) -> str | None:
    """The pipe of the resident LibreOffice (started on first use), or None when not kept."""
    if not _RESIDENT["actif"]:
        return None
    processus = _RESIDENT.get("processus")
    if processus is not None and processus.poll() is None:
        return str(_RESIDENT["tube"])
    profil = tempfile.mkdtemp(prefix="contrat-libreoffice-")
    # Unique: a pipe left behind by a killed LibreOffice of an earlier process with the same pid
    # must not be the one connected to.
    tube = f"contrat_resident_{os.getpid()}_{secrets.token_hex(4)}"
    _RESIDENT.update(tube=tube, profil=profil, processus=subprocess.Popen(
        [programme, f"-env:UserInstallation=file://{profil}", "--headless", "--invisible", "--norestore",
         "--nodefault", "--nologo", "--nolockcheck", f"--accept=pipe,name={tube};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
    atexit.register(arreter_libreoffice_resident)
    return tube


def arreter_libreoffice_resident() -> None:
    """Stop the resident LibreOffice with all its processes (after a failure, or at exit)."""
    processus = _RESIDENT.pop("processus", None)
    if processus is not None:
        try:
            os.killpg(processus.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        processus.wait()
    shutil.rmtree(_RESIDENT.pop("profil", ""), ignore_errors=True)


def convertir(docx: bytes) -> tuple[bytes, list[str]]:
    """DOCX -> PDF by LibreOffice, indexes updated; also the text of each index (sommaire)."""
    try:
        return _convertir(docx)
    except ConversionArretee:
        raise
    except ErreurRendu:
        if not _RESIDENT["actif"]:
            raise
        # A resident LibreOffice that failed is stopped: the conversion is tried once more with a
        # fresh one, so that one bad state never fails the documents that follow.
        return _convertir(docx)


def _convertir(docx: bytes) -> tuple[bytes, list[str]]:
    programme = soffice()
    interprete = python_uno()
    tube = _libreoffice_resident(programme)
    with tempfile.TemporaryDirectory(prefix="contrat-", ignore_cleanup_errors=True) as tmp:
        entree, sortie = Path(tmp) / "contrat.docx", Path(tmp) / "contrat.pdf"
        entree.write_bytes(docx)
        code, sortie_standard, erreurs = executer_en_groupe(
            [interprete, str(SCRIPT_UNO), str(entree), str(sortie), str(Path(tmp) / "profil"),
             f"pipe:{tube}" if tube else programme], DELAI_CONVERSION)
        if tube and (code is None or code != 0):
            arreter_libreoffice_resident()  # in an unknown state: the next conversion starts afresh
        if code is None:
            raise ConversionArretee(f"LibreOffice n'a pas terminé la conversion en {DELAI_CONVERSION} s : arrêté")
        if code != 0 or not sortie.exists():
            derniere = (erreurs.strip().splitlines() or ["(aucun message)"])[-1]
            raise ErreurRendu(f"la conversion en PDF par LibreOffice a échoué : {derniere}")
        return sortie.read_bytes(), json.loads(sortie_standard)["sommaires"]


def executer_en_groupe(commande: list[str], delai: float) -> tuple[int | None, str, str]:
    """Run ``commande`` in its own process group (the helper and the soffice it starts), and kill
    the whole group on timeout or interruption: no soffice.bin is left running. Returns (exit code,
    stdout, stderr); the code is None after a timeout."""
    processus = subprocess.Popen(commande, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 start_new_session=True)
    try:
        sortie, erreurs = processus.communicate(timeout=delai)
        return processus.returncode, sortie, erreurs
    except subprocess.TimeoutExpired:
        return None, "", ""
    finally:
        try:
            os.killpg(processus.pid, signal.SIGKILL)  # what is left of the group, if anything
        except (ProcessLookupError, PermissionError):
            pass
        processus.wait()
