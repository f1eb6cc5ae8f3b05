"""Signed versions are Git tags; their history is read from Git, never typed.

Conventions: the signed contract is the annotated tag ``contrat-signe``; the signed avenant
n° N is the tag ``avenant-N``. ``python build.py figer`` creates the tag and records in its
message the hash of the sources it signs, so that a version altered after signing is detected.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contrat.confiance.empreintes import contenus_sources, empreinte
from contrat.conformite.revue import empreinte_de_la_revue
from contrat.controles.dossier import lire_dossier, valider_dossier
from contrat.erreurs import ErreurUsage
from contrat.impression.francais import de, l_avenant
from contrat.lecture.confinement import HorsSources, lire_confine, nom_dans
from contrat.modele.contrat import Contrat
from contrat.sortes import inscrire

ETIQUETTE_CONTRAT = "contrat-signe"
MOTIF_AVENANT = re.compile(r"^avenant-(\d+)$")


def etiquette_avenant(numero: int) -> str:
    return f"avenant-{numero}"


class ErreurVersion(ErreurUsage):
    """A version cannot be found or cannot be trusted."""


def git(depot: Path, *args: str, binaire: bool = False) -> subprocess.CompletedProcess[Any]:
    """Run git in ``depot`` (output captured, bounded in time)."""
    return subprocess.run(["git", "-C", str(depot), *args], capture_output=True, text=not binaire, timeout=60)


@dataclass(frozen=True)
class Depot:
    """The Git repository holding the sources, and where the sources sit in it."""

    racine: Path
    prefixe: str
    """Path of the sources folder inside the repository (« sources/ »)."""

    @classmethod
    def de(cls, dossier: Path) -> Depot:
        fini = git(dossier, "rev-parse", "--show-toplevel")
        if fini.returncode != 0:
            raise ErreurVersion(f"{dossier} n'est pas dans un dépôt Git : les versions signées sont des étiquettes Git")
        prefixe = git(dossier, "rev-parse", "--show-prefix").stdout.strip()
        return cls(Path(fini.stdout.strip()), prefixe)

    def existe(self, ref: str) -> bool:
        return git(self.racine, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode == 0

    def etiquettes_signees(self) -> list[str]:
        """Signed versions in order: the contract, then avenant-1, avenant-2..."""
        etiquettes = git(self.racine, "tag", "--list").stdout.split()
        avenants = sorted((int(m.group(1)), t) for t in etiquettes if (m := MOTIF_AVENANT.match(t)))
        return ([ETIQUETTE_CONTRAT] if ETIQUETTE_CONTRAT in etiquettes else []) + [t for _, t in avenants]

    def arbre_sources(self, ref: str) -> str:
        fini = git(self.racine, "rev-parse", f"{ref}:{self.prefixe.rstrip('/')}" if self.prefixe else f"{ref}^{{tree}}")
        return str(fini.stdout).strip()

    def commit(self, ref: str) -> str:
        """The full hash of the commit ``ref`` designates ("" if none)."""
        fini = git(self.racine, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        return str(fini.stdout).strip() if fini.returncode == 0 else ""

    def date_commit(self, ref: str) -> dt.datetime:
        """Date of the commit ``ref`` points to: what a build of that version is dated."""
        secondes = git(self.racine, "log", "-1", "--format=%ct", f"{ref}^{{commit}}", "--").stdout.strip()
        return dt.datetime.fromtimestamp(int(secondes), dt.timezone.utc)

    def message(self, etiquette: str) -> str:
        return str(git(self.racine, "tag", "-l", "--format=%(contents)", etiquette).stdout)

    def extraire(self, ref: str, cible: Path) -> Path:
        """The sources as they are at ``ref``, written to ``cible``."""
        if not self.existe(ref):
            disponibles = ", ".join(self.etiquettes_signees()) or "aucune"
            raise ErreurVersion(f"la version « {ref} » n'existe pas dans le dépôt "
                                f"(versions signées : {disponibles})")
        fini = git(self.racine, "archive", "--format=tar", ref, "--", self.prefixe or ".", binaire=True)
        if fini.returncode != 0:
            raise ErreurVersion(f"impossible de lire les sources de la version « {ref} »")
        with tarfile.open(fileobj=io.BytesIO(fini.stdout)) as archive:
            try:
                archive.extractall(cible, filter="data")
            except tarfile.FilterError as exc:  # a link leaving the sources, an absolute path
                raise ErreurVersion(f"la version « {ref} » contient « {exc.tarinfo.name} », "
                                    "un lien ou un chemin qui sort du dossier des sources : refusée") from None
        return cible / self.prefixe if self.prefixe else cible


def charger_version(depot: Depot, ref: str) -> Contrat:
    """The contract as it is at ``ref`` (a tag or a commit), read and typed. The rules of the
    sources are not run on it: a version is what was signed, even where today's rules would ask
    more of it (a newly seen acronym). A commit's sources never change: read once per process
    (a consolidated build reads the signed version for its signature page and its cover)."""
    cle = (str(depot.racine), depot.prefixe, depot.commit(ref))
    if cle[2] and cle in _VERSIONS_LUES:
        return _VERSIONS_LUES[cle]
    with tempfile.TemporaryDirectory(prefix="contrat-version-") as tmp:
        dossier = depot.extraire(ref, Path(tmp))
        inscrire()
        contrat = lire_dossier(dossier).contrat
    if cle[2]:
        if len(_VERSIONS_LUES) >= 8:
            _VERSIONS_LUES.pop(next(iter(_VERSIONS_LUES)))
        _VERSIONS_LUES[cle] = contrat
    return contrat


_VERSIONS_LUES: dict[tuple[str, str, str], Contrat] = {}
"""Contracts read at a commit (repository, sources folder, full hash): a commit is immutable."""


def verifier_integrite(depot: Depot, dossier: Path) -> None:
    """Refuse signed versions whose sources changed after signing (every one said, with its files)."""
    trouvees = alterations(depot, dossier)
    if trouvees:
        raise ErreurVersion("\n".join(trouvees))


def alterations(depot: Depot, dossier: Path | None = None) -> list[str]:
    """What no longer matches what was signed, one message per signed version, each naming the
    altered files: a tag moved or a history rewritten (the tree its message records is not the
    tag's), sources that no longer match the version's manifest, and, given the sources folder
    ``dossier``, a signed avenant's file retouched in it."""
    trouvees: list[str] = []
    for etiquette in depot.etiquettes_signees():
        selon_manifeste = _ecarts_au_manifeste(depot, etiquette)
        enregistre = re.search(r"^sources: ([0-9a-f]{40})$", depot.message(etiquette), re.M)
        if enregistre and enregistre.group(1) != depot.arbre_sources(etiquette):
            fichiers = _ecarts_entre_arbres(depot, enregistre.group(1), depot.arbre_sources(etiquette))
            fichiers = fichiers if fichiers is not None else selon_manifeste
            quels = (_liste(depot, fichiers) if fichiers else
                     f"fichiers non identifiables ici (les sources signées, arbre {enregistre.group(1)[:12]}, "
                     "ne sont plus dans ce dépôt)")
            trouvees.append(f"les sources de la version signée « {etiquette} » ont été modifiées après signature "
                            f"(étiquette déplacée ou historique réécrit) : {quels} ; rétablir l'étiquette d'origine")
        elif selon_manifeste:
            trouvees.append(f"les sources de la version signée « {etiquette} » ne correspondent plus à son manifeste "
                            f"(versions/{etiquette}.json) : {', '.join(selon_manifeste)}")
    signees = {int(m.group(1)) for t in depot.etiquettes_signees() if (m := MOTIF_AVENANT.match(t))}
    en_cours = dossier / "avenants" if dossier is not None else None
    for fichier in sorted(en_cours.glob("*.yaml")) if en_cours is not None and en_cours.is_dir() else []:
        numero = re.search(r"(\d+)", fichier.stem)
        if numero and int(numero.group(1)) in signees:
            etiquette = etiquette_avenant(int(numero.group(1)))
            chemin = f"{depot.prefixe}avenants/{fichier.name}"
            signe = git(depot.racine, "show", f"{etiquette}:{chemin}")
            if signe.returncode == 0 and signe.stdout != fichier.read_text(encoding="utf-8"):
                trouvees.append(f"{fichier} : {l_avenant(int(numero.group(1)))} est signé "
                                f"(étiquette « {etiquette} ») ; ses sources ne peuvent plus être modifiées")
    return trouvees


def _liste(depot: Depot, fichiers: list[str]) -> str:
    """Files of the sources named from the repository's root (« sources/chiffres_cles.yaml »)."""
    return ", ".join(f"{depot.prefixe}{f}" for f in fichiers[:10]) + (" …" if len(fichiers) > 10 else "")


def _ecarts_entre_arbres(depot: Depot, signe: str, actuel: str) -> list[str] | None:
    """Files that differ between the sources tree recorded at signing and the tag's today; None
    when the signed tree is no longer in the repository (a clone made after the rewrite)."""
    if git(depot.racine, "cat-file", "-e", f"{signe}^{{tree}}").returncode != 0 or not actuel:
        return None
    fini = git(depot.racine, "diff-tree", "-r", "--name-only", "--no-renames", signe, actuel)
    return sorted(str(fini.stdout).split()) if fini.returncode == 0 else None


def _ecarts_au_manifeste(depot: Depot, etiquette: str) -> list[str]:
    """Files of a signed version that its manifest (``versions/<étiquette>.json``) records otherwise."""
    manifeste = depot.racine / "versions" / f"{etiquette}.json"
    if not manifeste.is_file():
        return []
    try:
        attendu = json.loads(lire_confine(depot.racine, manifeste, f"versions/{etiquette}.json"))["sources"]
    except HorsSources as exc:
        raise ErreurVersion(str(exc)) from None
    except (ValueError, KeyError, TypeError):
        attendu = None
    if not isinstance(attendu, dict):
        raise ErreurVersion(f"versions/{etiquette}.json n'est pas le manifeste d'une version signée "
                            "(champ « sources » attendu)")
    with tempfile.TemporaryDirectory(prefix="contrat-integrite-") as tmp:
        extrait = depot.extraire(etiquette, Path(tmp))
        # The files the manifest names, as the tag holds them (the tree hash covers the rest).
        reel = {nom: empreinte(octets) for nom in attendu
                if (octets := _lire_nomme(extrait, nom, etiquette)) is not None}
    return sorted(k for k in set(reel) | set(attendu) if reel.get(k) != attendu.get(k))


def _lire_nomme(extrait: Path, nom: object, etiquette: str) -> bytes | None:
    """The bytes of the file a signed version's manifest names, read inside the extracted sources
    only (None if absent): a name leaving them (« .. », absolute, a link) is refused, never read."""
    try:
        chemin = nom_dans(extrait, nom)
        return lire_confine(extrait, chemin, str(nom)) if os.path.lexists(chemin) else None
    except HorsSources as exc:
        raise ErreurVersion(f"versions/{etiquette}.json : {exc}") from None


REVUE = "revue_de_conformite"
"""The manifest's field: the fingerprint of the conformity review that judged the signed table."""


def revue_changee(depot: Depot, etiquette: str) -> str | None:
    """A warning when the signed version ``etiquette`` printed a table of conformity judged by
    other rules than today's: printed again, its rows may differ from the signed text although
    no source changed (diff and the avenant compare sources, not engines)."""
    manifeste = depot.racine / "versions" / f"{etiquette}.json"
    try:
        signee = json.loads(lire_confine(depot.racine, manifeste, f"versions/{etiquette}.json")).get(REVUE)
    except (OSError, ValueError, AttributeError, HorsSources):
        return None
    if not signee or signee == empreinte_de_la_revue():
        return None
    return (f"le tableau de conformité de « {etiquette} » a été signé selon d'autres règles de conformité que celles "
            "de ce moteur : réimprimé ici, il peut différer du texte signé sans qu'aucune source ait changé ; ces "
            "écarts ne sont pas des changements du contrat et l'avenant ne les énonce pas (le PDF signé fait foi)")


def date_effet(contrat: Contrat, etiquette: str) -> dt.date | None:
    """Date from which a signed version is in force (date of effect, else of signature)."""
    if etiquette == ETIQUETTE_CONTRAT:
        return contrat.signature.date_effet or contrat.signature.date
    numero = int(MOTIF_AVENANT.match(etiquette).group(1))  # type: ignore[union-attr]
    avenant = next((a for a in contrat.avenants if a.numero == numero), None)
    return (avenant.date_effet or avenant.signature.date) if avenant else None


def enregistrer_signature(depot: Depot, dossier: Path, date: dt.date) -> str:
    """Tag the current commit as the next signed version, recording the hash of its sources."""
    if git(depot.racine, "status", "--porcelain", "--", depot.prefixe or ".").stdout.strip():
        raise ErreurVersion("les sources ont des modifications non enregistrées (git commit) : "
                            "seule une version enregistrée peut être figée comme signée")
    verifier_integrite(depot, dossier)  # a new signed version never rests on an altered one
    inscrire()
    contrat = valider_dossier(dossier).contrat
    signees = depot.etiquettes_signees()
    if ETIQUETTE_CONTRAT not in signees:
        etiquette, quoi, du_quoi = ETIQUETTE_CONTRAT, "le contrat", "du contrat"
        attendu = contrat.signature.date
    else:
        if not contrat.avenants:
            raise ErreurVersion("le contrat est déjà signé et aucun avenant n'est en cours (dossier avenants/)")
        avenant = contrat.avenants[-1]
        etiquette, quoi = etiquette_avenant(avenant.numero), l_avenant(avenant.numero)
        du_quoi = de(quoi)
        if etiquette in signees:
            raise ErreurVersion(f"{quoi} est déjà signé (étiquette « {etiquette} »)")
        attendu = avenant.signature.date
    if attendu != date:
        # figer comes after the signing on paper: the date is the one the parties wrote.
        raise ErreurVersion(f"la date de signature {du_quoi} dans les sources ({attendu or 'absente'}) "
                            f"n'est pas le {date.isoformat()} : renseigner dans les sources la date à laquelle "
                            f"{quoi} a été signé, l'enregistrer (git commit), puis relancer figer")
    # The signed version's manifest is committed with it: the fingerprint of every source file.

    registre = depot.racine / "versions" / f"{etiquette}.json"
    registre.parent.mkdir(exist_ok=True)
    manifeste: dict[str, object] = {
        "version": etiquette, "signature": date.isoformat(),
        "sources": {nom: empreinte(octets) for nom, octets in contenus_sources(dossier).items()},
    }
    if any(ch.inclure == "conformite" for ch in contrat.chapitres):
        # The table of conformity is the engine's judgement: which one signed it is recorded.
        manifeste[REVUE] = empreinte_de_la_revue()
    registre.write_text(json.dumps(manifeste, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    git(depot.racine, "add", str(registre))
    fini = git(depot.racine, "commit", "-q", "-m", f"Version signée : {quoi} ({date.isoformat()})", "--", str(registre))
    if fini.returncode != 0:
        raise ErreurVersion(f"impossible d'enregistrer le manifeste de la version signée : {fini.stderr.strip()}")
    arbre = depot.arbre_sources("HEAD")
    fini = git(depot.racine, "tag", "-a", etiquette, "-m",
                f"Version signée le {date.isoformat()} : {quoi}\n\nsources: {arbre}\n")
    if fini.returncode != 0:
        raise ErreurVersion(f"impossible de créer l'étiquette « {etiquette} » : {fini.stderr.strip()}")
    return etiquette
