"""LibreOffice: where it is, starting it, and converting a DOCX into a PDF/A.

Two ways, one result. A build run from the command line starts a LibreOffice of its own before
anything else (``preparer_libreoffice``): its start overlaps the loading of the engine, the
checking and the rendering; the conversion is then handed to it by ``soffice --convert-to`` with
the same profile (LibreOffice passes the request to the instance already running on that profile,
which converts and exits), exactly LibreOffice's own command-line conversion. A process that
converts many documents (the tests, ``build.py watch``) keeps one LibreOffice running instead
(``garder_libreoffice``) and drives it through its UNO helper.

Either way, LibreOffice sees only the project's declared fonts (``rendu/polices.py``), and every
process it starts is tied to the life of the process that started it (``_Surveillant``): killed
with it, even by SIGKILL.

No index is updated in either way: the sommaire's page numbers are PAGEREF fields, computed by
LibreOffice while it lays the document out (see ``rendu/sommaire.py``).

Standard library only: ``build.py`` starts LibreOffice from here before anything else is imported.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from contrat.erreurs import ErreurContrat, ErreurRendu, ErreurUsage, LibreOfficeIntrouvable
from contrat.rendu.polices import dossier_cache, polices

SCRIPT_UNO = Path(__file__).with_name("libreoffice_uno.py")
DELAI_PAR_DEFAUT = 180.0
"""Seconds LibreOffice may take (CONTRAT_DELAI_LIBREOFFICE); then its whole process group is killed."""

FILTRE_PDF = {
    "SelectPdfVersion": ("long", "3"),  # PDF/A-3b: the sources can be attached to the PDF
    "UseTaggedPDF": ("boolean", "true"),
    # PDF/UA-1: LibreOffice writes pdfuaid:part=1, shows the title and leaves out of the role map
    # the standard types it mapped to themselves (a cycle for PDF/UA and PDF/A-3a); the schema of
    # pdfuaid, without which PDF/A no longer holds, is declared by the finishing (rendu/finition.py).
    "PDFUACompliance": ("boolean", "true"),
    "ExportBookmarks": ("boolean", "true"),  # the outline, where the build reads each heading's page
    "ExportNotes": ("boolean", "false"),
    "EmbedStandardFonts": ("boolean", "true"),
}
"""The PDF export's options, the same in both ways."""

OPTIONS_SOFFICE = ("--headless", "--invisible", "--norestore", "--nodefault", "--nologo", "--nolockcheck")

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
    """The LibreOffice program (CONTRAT_SOFFICE, else soffice on the PATH). A CONTRAT_SOFFICE that
    names nothing is LibreOffice missing (exit 4, the DOCX alone); one that names a folder or a
    file that cannot be run is a mistaken setting (exit 2)."""
    variable = os.environ.get("CONTRAT_SOFFICE")
    if variable:
        chemin = Path(_programme_de(variable))
        if not chemin.exists():
            raise LibreOfficeIntrouvable(f"CONTRAT_SOFFICE={variable} : ce fichier n'existe pas.\n{INSTALLER}")
        if chemin.is_dir():
            raise ErreurUsage(f"CONTRAT_SOFFICE={variable} est un dossier : la variable doit désigner le programme "
                              "soffice de LibreOffice (par exemple /usr/bin/soffice)")
        if not os.access(chemin, os.X_OK):
            raise ErreurUsage(f"CONTRAT_SOFFICE={variable} n'est pas un programme exécutable : la variable doit "
                              "désigner le programme soffice de LibreOffice (par exemple /usr/bin/soffice)")
        return str(chemin)
    choisi = shutil.which("soffice") or shutil.which("libreoffice")
    if not choisi:
        raise LibreOfficeIntrouvable(INSTALLER)
    return choisi


def _programme_de(variable: str) -> str:
    """CONTRAT_SOFFICE's program: a path, or a name looked for on the PATH (« libreoffice7.6 »)."""
    return variable if os.sep in variable else (shutil.which(variable) or variable)


def delai_conversion() -> float:
    """CONTRAT_DELAI_LIBREOFFICE, in seconds (180 by default): a positive, finite number."""
    brut = os.environ.get("CONTRAT_DELAI_LIBREOFFICE", "").strip()
    if not brut:
        return DELAI_PAR_DEFAUT
    # Digits only: float() would also take « inf », « nan », « 1e999 », « -1 ».
    delai = float(brut) if re.fullmatch(r"\d{1,9}(\.\d{1,6})?", brut) else math.nan
    if not 0 < delai <= 86400:
        raise ErreurUsage(f"CONTRAT_DELAI_LIBREOFFICE={brut} : un nombre de secondes est attendu, positif et au plus "
                          "86400 (par exemple 180, la valeur par défaut)")
    return delai


def verifier_libreoffice() -> None:
    """Raise where ``convertir`` would (LibreOffice or a declared font missing, a bad setting),
    before anything is done for it."""
    delai_conversion()
    _environnement(soffice())
    if _RESIDENT["actif"]:
        python_uno()


def _environnement(programme: str) -> dict[str, str]:
    """The environment of LibreOffice's processes: fontconfig shows them the declared fonts only."""
    env = {k: v for k, v in os.environ.items() if k not in ("FONTCONFIG_PATH", "FONTCONFIG_SYSROOT")}
    env["FONTCONFIG_FILE"] = str(polices(programme).configuration)
    return env


def version_libreoffice(programme: str | None = None) -> str:
    """LibreOffice's version, as ``soffice --version`` says it (« 7.4.7.2 40(Build:2) »), asked
    once per installed program (0.1 s) and kept in the user's cache."""
    programme = programme or soffice()
    cle = _cle_du_programme(programme)
    fichier = dossier_cache() / f"libreoffice-{cle}.version" if cle else None
    if fichier is not None and fichier.is_file():
        return fichier.read_text(encoding="utf-8").strip()
    try:
        sortie = subprocess.run([programme, "--version"], capture_output=True, text=True, timeout=30,
                                env=_environnement(programme)).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "inconnue"
    version = " ".join(sortie.split()).removeprefix("LibreOffice ") or "inconnue"
    if fichier is not None and version != "inconnue":
        try:
            fichier.parent.mkdir(parents=True, exist_ok=True)
            brouillon = fichier.with_name(f".{fichier.name}.{os.getpid()}")
            brouillon.write_text(version + "\n", encoding="utf-8")
            os.replace(brouillon, fichier)
        except OSError:
            pass
    return version


def environnement_de_rendu() -> dict[str, str]:
    """What the PDF records of the machine that rendered it (``rendu/finition.py``): LibreOffice's
    version and the fingerprint of the fonts given to it, with their names. A rebuild elsewhere
    can only be identical with the same."""
    programme = soffice()
    ensemble = polices(programme)
    return {"LibreOffice": version_libreoffice(programme), "Polices": ensemble.empreinte,
            "FichiersPolices": ", ".join(ensemble.noms)}


def _cle_du_programme(programme: str) -> str | None:
    try:
        chemin = Path(programme).resolve()
        etat = chemin.stat()
    except OSError:
        return None
    return hashlib.sha256(f"{chemin}:{etat.st_size}:{etat.st_mtime_ns}".encode()).hexdigest()[:16]


class ConversionArretee(ErreurRendu):
    """LibreOffice took longer than CONTRAT_DELAI_LIBREOFFICE: stopped, never tried again."""


class ConversionAnnulee(ErreurRendu):
    """The conversion was cancelled by its caller (``Conversion.annuler``)."""


class Annulation:
    """Lets another thread stop a conversion under way: the process groups it started are killed
    (LibreOffice with them) and nothing is tried again."""

    def __init__(self) -> None:
        self.demandee = False
        self._verrou = threading.Lock()
        self._groupes: list[int] = []

    def suivre(self, processus: subprocess.Popen[Any]) -> None:
        """``processus`` leads a process group of the conversion (killed at once if already cancelled)."""
        with self._verrou:
            self._groupes.append(processus.pid)
            if self.demandee:
                _tuer_groupe(processus.pid)

    def annuler(self) -> None:
        with self._verrou:
            self.demandee = True
            for groupe in self._groupes:
                _tuer_groupe(groupe)


def _tuer_groupe(groupe: int) -> None:
    try:
        os.killpg(groupe, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    _SURVEILLANT.oublier(groupe)


SURVEILLANCE = """
import os, signal, sys
groupes = set()
for ligne in sys.stdin:
    (groupes.add if ligne[0] == "+" else groupes.discard)(int(ligne[1:]))
for groupe in groupes:
    try:
        os.killpg(groupe, signal.SIGKILL)
    except OSError:
        pass
marque = sys.argv[1].encode()
for pid in os.listdir("/proc") if os.path.isdir("/proc") else ():
    try:
        with open("/proc/" + pid + "/environ", "rb") as f:
            if marque in f.read().split(b"\\0"):
                os.kill(int(pid), signal.SIGKILL)
    except (OSError, ValueError):
        pass
"""
"""The watchdog: told each process group LibreOffice runs in (« +pid », « -pid » once gone), it
kills those left when its input closes, that is when the process that started it ends, however
(an exception, SIGTERM before any handler, SIGKILL: the kernel closes its pipe). A process started
but not yet told (this process killed between the start and the line, a few milliseconds when
another thread holds the interpreter) is found by the mark its environment carries from birth,
which every process it starts inherits (Linux's /proc; elsewhere, the groups told only)."""

MARQUE = "CONTRAT_SURVEILLE"
"""The environment variable that marks the processes a watchdog kills: its value is unique to the
process that started them."""


class _Surveillant:
    """Ties LibreOffice's process groups to this process's life. Each soffice runs in a group of
    its own (to be killed with all it starts), which a SIGTERM or SIGKILL of this process does not
    reach: a small watchdog, started with the first of them, kills them then."""

    def __init__(self) -> None:
        self._verrou = threading.Lock()
        self._tube: IO[str] | None = None
        self._pid = 0
        self.marque = ""
        """« CONTRAT_SURVEILLE=<value> »: in the environment of every process this one starts."""

    def demarrer(self) -> None:
        """Started before the first group it watches: that group is then told to it microseconds
        after its start, not after the watchdog's own (a few milliseconds a signal could fall in)."""
        with self._verrou:
            if self._pid != os.getpid():  # none yet, or inherited through a fork: one of its own
                self.marque = f"{MARQUE}={os.getpid()}-{os.urandom(8).hex()}"
                self._tube, self._pid = self._demarrer(self.marque), os.getpid()

    def suivre(self, groupe: int) -> None:
        self._ecrire(f"+{groupe}\n")

    def oublier(self, groupe: int) -> None:
        self._ecrire(f"-{groupe}\n")

    def _ecrire(self, ligne: str) -> None:
        with self._verrou:
            if self._pid != os.getpid() or self._tube is None:
                return
            try:
                self._tube.write(ligne)
                self._tube.flush()
            except (OSError, ValueError):
                self._tube = None

    @staticmethod
    def _demarrer(marque: str) -> IO[str] | None:
        try:
            # Its own session: a Ctrl-C in the terminal does not stop it before its work is done.
            gardien = subprocess.Popen([sys.executable, "-S", "-I", "-c", SURVEILLANCE, marque], stdin=subprocess.PIPE,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
                                       start_new_session=True)
        except OSError:
            return None
        return gardien.stdin


_SURVEILLANT = _Surveillant()


def _lancer_en_groupe(commande: list[str], env: dict[str, str] | None, **options: Any) -> subprocess.Popen[Any]:
    """``commande`` started in a process group of its own, watched (see ``_Surveillant``)."""
    _SURVEILLANT.demarrer()
    nom, _, valeur = _SURVEILLANT.marque.partition("=")
    env = {**(os.environ if env is None else env), nom: valeur}
    try:
        processus: subprocess.Popen[Any] = subprocess.Popen(commande, start_new_session=True, env=env, **options)
    except OSError as exc:  # not a program (a text file, another architecture's), not allowed to run
        raison = exc.strerror or str(exc)
        variable = os.environ.get("CONTRAT_SOFFICE")
        if variable and commande[0] == _programme_de(variable):
            raise ErreurUsage(f"CONTRAT_SOFFICE={variable} ne peut pas être lancé ({raison}) : la variable doit "
                              "désigner le programme soffice de LibreOffice (par exemple /usr/bin/soffice)") from None
        raise ErreurRendu(f"{commande[0]} ne peut pas être lancé ({raison})") from None
    _SURVEILLANT.suivre(processus.pid)
    return processus


class Conversion:
    """A conversion run in the background while its caller goes on (a build checks the rules of
    the sources meanwhile): ``resultat()`` waits for the PDF, ``annuler()`` stops LibreOffice."""

    def __init__(self, docx: bytes) -> None:
        self._annulation = Annulation()
        self._pdf: bytes | None = None
        self._erreur: BaseException | None = None
        self._fil = threading.Thread(target=self._convertir, args=(docx,), name="conversion", daemon=True)
        self._fil.start()

    def _convertir(self, docx: bytes) -> None:
        try:
            self._pdf = convertir(docx, self._annulation)
        except BaseException as exc:  # noqa: BLE001 - handed to the thread that waits for it
            self._erreur = exc

    def resultat(self) -> bytes:
        self._fil.join()
        if self._erreur is not None:
            raise self._erreur
        assert self._pdf is not None
        return self._pdf

    def annuler(self) -> None:
        """Stop the conversion and wait until its processes are gone."""
        self._annulation.annuler()
        self._fil.join()


_RESIDENT: dict[str, Any] = {"actif": False}
"""The resident LibreOffice of this process, once ``garder_libreoffice()`` was called: its process and pipe."""

_PREPARE: dict[str, Any] = {}
"""The LibreOffice started ahead by ``preparer_libreoffice()`` for the next conversion: process, profile."""


def garder_libreoffice(actif: bool = True) -> None:
    """From now on, this process keeps one LibreOffice running for all its conversions instead of
    starting one each time (0.7 s each): for a process that converts many documents (the tests).
    A build run from the command line converts once and starts its own."""
    _RESIDENT["actif"] = actif
    if not actif:
        arreter_libreoffice_resident()


def preparer_libreoffice() -> None:
    """Start LibreOffice now, in the background, for the conversion to come: its start (0.7 s)
    overlaps the checking of the sources and the rendering of the DOCX. Nothing if it is missing
    (the conversion will say how to install it)."""
    try:
        programme = soffice()
        if _RESIDENT["actif"]:
            _libreoffice_resident(programme)
            return
        if _PREPARE.get("processus") is not None:
            return
        env = _environnement(programme)
        profil = _nouveau_profil()
        try:
            processus = _lancer_en_groupe([programme, f"-env:UserInstallation=file://{profil}", *OPTIONS_SOFFICE],
                                          env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except ErreurContrat:
            shutil.rmtree(profil, ignore_errors=True)
            raise
    except ErreurContrat:
        return  # missing, or a bad setting: the conversion says so (this runs before any message can be printed)
    _PREPARE.update(profil=profil, processus=processus)
    atexit.register(_arreter_prepare)


def _dossier_modele() -> Path | None:
    """Where the model profile of this LibreOffice is kept (the user's cache, one per version and
    font set: a profile keeps what LibreOffice learnt of its fonts)."""
    try:
        programme = soffice()
        cle = _cle_du_programme(programme)
        cle_polices = polices(programme).cle
    except (ErreurContrat, OSError):
        return None
    return dossier_cache() / f"profil-libreoffice-{cle}-{cle_polices}" if cle else None


def _modele_de_profil_present() -> bool:
    modele = _dossier_modele()
    return modele is None or (modele / "user").is_dir()


def _nouveau_profil() -> str:
    """A profile of its own for a LibreOffice about to start: a copy of the model when there is
    one. LibreOffice's first start on an empty profile sets it up, and converts more slowly on it
    (0.4 s of a 470-page conversion); the copy takes a few milliseconds."""
    profil = tempfile.mkdtemp(prefix="contrat-libreoffice-")
    modele = _dossier_modele()
    if modele is not None and (modele / "user").is_dir():
        try:
            shutil.copytree(modele, profil, dirs_exist_ok=True, symlinks=True)
        except OSError:
            shutil.rmtree(profil, ignore_errors=True)
            profil = tempfile.mkdtemp(prefix="contrat-libreoffice-")
    return profil


def _retenir_profil(profil: str) -> None:
    """Keep ``profil`` as the model (atomically: another build may do the same at the same time)."""
    modele = _dossier_modele()
    if modele is None or not (Path(profil) / "user").is_dir():
        return
    brouillon = None
    try:
        modele.parent.mkdir(parents=True, exist_ok=True)
        brouillon = tempfile.mkdtemp(prefix=".profil-", dir=modele.parent)
        shutil.copytree(profil, brouillon, dirs_exist_ok=True, symlinks=True)
        os.rename(brouillon, modele)
        brouillon = None
    except OSError:
        pass  # no cache (read-only home, a model made meanwhile): the next start sets a profile up
    finally:
        if brouillon:
            shutil.rmtree(brouillon, ignore_errors=True)


def _attendre(processus: subprocess.Popen[bytes], delai: float) -> bool:
    try:
        processus.wait(timeout=delai)
        return True
    except subprocess.TimeoutExpired:
        return False


def _arreter_prepare() -> None:
    _arreter(_PREPARE.pop("processus", None), _PREPARE.pop("profil", ""))


def _arreter(processus: subprocess.Popen[bytes] | None, profil: str) -> None:
    """Stop a LibreOffice with all its processes, and remove its profile."""
    if processus is not None:
        _tuer_groupe(processus.pid)
        processus.wait()
    if profil:
        shutil.rmtree(profil, ignore_errors=True)


def _libreoffice_resident(programme: str) -> str | None:
    """The pipe of the resident LibreOffice (started on first use), or None when not kept."""
    if not _RESIDENT["actif"]:
        return None
    env = _environnement(programme)
    processus = _RESIDENT.get("processus")
    if processus is not None and processus.poll() is None and _RESIDENT.get("polices") == env["FONTCONFIG_FILE"]:
        return str(_RESIDENT["tube"])
    # Not started yet, dead, or started with other fonts (LibreOffice reads them once, at its start).
    arreter_libreoffice_resident()
    profil = _nouveau_profil()
    # Unique: a pipe left behind by a killed LibreOffice of an earlier process with the same pid
    # must not be the one connected to.
    tube = f"contrat_resident_{os.getpid()}_{os.urandom(4).hex()}"
    _RESIDENT.update(tube=tube, profil=profil, polices=env["FONTCONFIG_FILE"], processus=_lancer_en_groupe(
        [programme, f"-env:UserInstallation=file://{profil}", *OPTIONS_SOFFICE, f"--accept=pipe,name={tube};urp;"],
        env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    atexit.register(arreter_libreoffice_resident)
    return tube


def arreter_libreoffice_resident() -> None:
    """Stop the resident LibreOffice with all its processes (after a failure, or at exit)."""
    _arreter(_RESIDENT.pop("processus", None), _RESIDENT.pop("profil", ""))


def convertir(docx: bytes, annulation: Annulation | None = None) -> bytes:
    """DOCX -> PDF/A-3b by LibreOffice (tagged, with its outline); ``annulation`` lets another
    thread stop it."""
    annulation = annulation or Annulation()
    if _RESIDENT["actif"]:
        # A resident LibreOffice that failed is stopped: the conversion is tried once more with a
        # fresh one, so that one bad state never fails the documents that follow.
        return _deux_essais(lambda: _convertir_par_uno(docx, annulation), annulation, lambda: True)
    prepare = _PREPARE.get("processus") is not None

    def reprendre() -> bool:
        # The LibreOffice started ahead failed (killed, a broken model profile): once more on its
        # own, from an empty profile; the model is dropped, the next success makes another.
        modele = _dossier_modele()
        if prepare and modele is not None:
            shutil.rmtree(modele, ignore_errors=True)
        return prepare

    return _deux_essais(lambda: _convertir_en_ligne_de_commande(docx, annulation), annulation, reprendre)


def _deux_essais(essai: Callable[[], bytes], annulation: Annulation, reprendre: Callable[[], bool]) -> bytes:
    """``essai()``, once more when it fails and ``reprendre()`` allows it; never after a timeout
    or a cancellation."""
    try:
        return essai()
    except ConversionArretee:
        raise
    except ErreurRendu:
        if annulation.demandee:
            raise ConversionAnnulee("conversion annulée") from None
        if not reprendre():
            raise
    return essai()


def _convertir_en_ligne_de_commande(docx: bytes, annulation: Annulation) -> bytes:
    """``soffice --convert-to``, handed to the LibreOffice started ahead when there is one (it
    exits once done), else run cold with a profile of its own."""
    programme = soffice()
    env = _environnement(programme)
    processus, profil = _PREPARE.pop("processus", None), _PREPARE.pop("profil", "")
    if processus is not None and processus.poll() is not None:
        _arreter(processus, profil)  # it did not survive its start: a cold conversion instead
        processus, profil = None, ""
    if processus is not None:
        annulation.suivre(processus)
    profil = profil or _nouveau_profil()
    filtre = json.dumps({nom: {"type": genre, "value": valeur} for nom, (genre, valeur) in FILTRE_PDF.items()})
    try:
        with tempfile.TemporaryDirectory(prefix="contrat-", ignore_cleanup_errors=True) as tmp:
            entree = Path(tmp) / "contrat.docx"
            entree.write_bytes(docx)
            code, _, erreurs = executer_en_groupe(
                [programme, f"-env:UserInstallation=file://{profil}", *OPTIONS_SOFFICE,
                 "--convert-to", f"pdf:writer_pdf_Export:{filtre}", "--outdir", str(Path(tmp) / "pdf"), str(entree)],
                delai_conversion(), annulation, env)
            pdf = _lire_pdf(Path(tmp) / "pdf" / "contrat.pdf", code, erreurs)
        if not _modele_de_profil_present():
            # Once per LibreOffice version: the profile, left as LibreOffice leaves it on exiting,
            # becomes the model the next starts copy.
            if processus is None or _attendre(processus, 20):
                _retenir_profil(profil)
        return pdf
    finally:
        _arreter(processus, profil)


def _convertir_par_uno(docx: bytes, annulation: Annulation) -> bytes:
    interprete = python_uno()
    programme = soffice()
    tube = _libreoffice_resident(programme)
    with tempfile.TemporaryDirectory(prefix="contrat-", ignore_cleanup_errors=True) as tmp:
        entree, sortie = Path(tmp) / "contrat.docx", Path(tmp) / "contrat.pdf"
        entree.write_bytes(docx)
        code, _, erreurs = executer_en_groupe(
            [interprete, str(SCRIPT_UNO), str(entree), str(sortie), f"pipe:{tube}", json.dumps(FILTRE_PDF)],
            delai_conversion(), annulation, _environnement(programme))
        if code != 0:
            arreter_libreoffice_resident()  # in an unknown state: the next conversion starts afresh
        return _lire_pdf(sortie, code, erreurs)


def _lire_pdf(sortie: Path, code: int | None, erreurs: str) -> bytes:
    if code is None:
        raise ConversionArretee(f"LibreOffice n'a pas terminé la conversion en {delai_conversion():g} s : arrêté")
    if code != 0 or not sortie.is_file():
        derniere = (erreurs.strip().splitlines() or ["(aucun message)"])[-1]
        raise ErreurRendu(f"la conversion en PDF par LibreOffice a échoué : {derniere}")
    return sortie.read_bytes()


def executer_en_groupe(commande: list[str], delai: float, annulation: Annulation | None = None,
                       env: dict[str, str] | None = None) -> tuple[int | None, str, str]:
    """Run ``commande`` in its own process group (the helper and the soffice it starts), and kill
    the whole group on timeout, interruption, cancellation or this process's end: no soffice.bin
    is left running. Returns (exit code, stdout, stderr); the code is None after a timeout."""
    processus = _lancer_en_groupe(commande, env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if annulation is not None:
        annulation.suivre(processus)
    try:
        sortie, erreurs = processus.communicate(timeout=delai)
        return processus.returncode, sortie, erreurs
    except subprocess.TimeoutExpired:
        return None, "", ""
    finally:
        _tuer_groupe(processus.pid)  # what is left of the group, if anything
        processus.wait()
