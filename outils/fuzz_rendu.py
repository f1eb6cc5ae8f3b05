"""Can a contract pass ``check`` and still fail to build? Fuzzes every kind of text and number field
of real sources against the Word renderer and the web edition.

For each field the sources write (each YAML value, once per place in the tree with list indices
folded: ``enjeux.*.axes.*.titre`` is fuzzed once) and for each Markdown file, each hostile value
below replaces it (a Markdown file gets it as a new paragraph); the sources are then checked (in
this process, as ``build.py check``) and, when the check passes, rendered to DOCX (as ``build.py``
does before LibreOffice). A case is a finding when the check passes and the render fails, or when
either ends in an unexpected exception (a bug whatever the input).

Usage: .venv/bin/python outils/fuzz_rendu.py [--sources DOSSIER ...] [--valeurs N] [--limite N]
  --sources   sources folders to fuzz (default: the Grand Dole's and the second example's)
  --valeurs   use only the first N hostile values (default: all)
  --limite    stop after N cases (default: none)
Prints each finding, then the counts; exit 1 when there is a finding.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from contrat.controles.dossier import lire_dossier  # noqa: E402
from contrat.erreurs import ErreurContrat  # noqa: E402
from contrat.impression.unites import imprimer  # noqa: E402
from contrat.impression.version import bloc_de_version  # noqa: E402
from contrat.rendu.docx import OptionsRendu, rendre_paquet  # noqa: E402
from contrat.rendu.web import rendre_web  # noqa: E402
from contrat.sortes import inscrire  # noqa: E402

VALEURS: tuple[tuple[str, str], ...] = (
    ("vide", ""),
    ("espaces", "   "),
    ("caractère de contrôle", "avant\x01après"),
    ("tabulation verticale", "avant\x0baprès"),
    ("DEL", "avant\x7faprès"),
    ("mot de 400 lettres", "A" * 400),
    ("texte de 20 000 caractères", ("Un texte très long. " * 1000).strip()),
    ("accolades de gabarit", "{{ contrat.titre }} {% if x %}"),
    ("référence inconnue", "{chiffre:inexistant}"),
    ("lien inconnu", "[voir](#inexistant)"),
    ("balises XML", "<w:p>&amp; ]]> <b>"),
    ("contrôle de direction", "\u202eenrevni"),
    ("BOM et séparateur de ligne", "\ufeffdébut\u2028fin"),
    ("emoji et usage privé", "Quartier 🏙 \U000f0000"),
    ("Markdown de bloc", "# Titre\n\n- puce\n\n| a | b |\n|---|---|\n| 1 | 2 |"),
    ("nombre immense", "1e400"),
    ("nombre négatif", "-5"),
    ("milliers", "1 000 000 000 000 000"),
    ("décimales", "3,14159265358979"),
    ("date lointaine", "9999-12-31"),
)
"""Hostile values, each with what it is."""


@dataclass
class Cas:
    fichier: str
    chemin: tuple[str | int, ...]
    motif: str
    valeur: tuple[str, str]


def feuilles(donnee: Any, chemin: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every scalar of a YAML document, with its path."""
    if isinstance(donnee, dict):
        for cle, valeur in donnee.items():
            yield from feuilles(valeur, (*chemin, cle))
    elif isinstance(donnee, list):
        for k, valeur in enumerate(donnee):
            yield from feuilles(valeur, (*chemin, k))
    else:
        yield chemin, donnee


def cas_du_dossier(dossier: Path, valeurs: tuple[tuple[str, str], ...]) -> Iterator[Cas]:
    vus: set[str] = set()
    for fichier in sorted(dossier.rglob("*")):
        relatif = fichier.relative_to(dossier).as_posix()
        if fichier.suffix in (".yaml", ".yml"):
            donnees = yaml.safe_load(fichier.read_text(encoding="utf-8"))
            for chemin, valeur in feuilles(donnees):
                if not isinstance(valeur, (str, int, float)) or isinstance(valeur, bool):
                    continue
                motif = relatif.split("/")[0] + ":" + ".".join("*" if isinstance(c, int) else str(c) for c in chemin)
                if motif in vus:
                    continue
                vus.add(motif)
                yield from (Cas(relatif, chemin, motif, v) for v in valeurs)
        elif fichier.suffix == ".md":
            motif = relatif.split("/")[0] + ":" + "markdown"
            if motif not in vus:
                vus.add(motif)
                yield from (Cas(relatif, (), motif, v) for v in valeurs)


def _remplacer(donnees: Any, chemin: tuple[str | int, ...], valeur: str) -> Any:
    if not chemin:
        return valeur
    tete, reste = chemin[0], chemin[1:]
    if isinstance(donnees, dict):
        return {k: (_remplacer(v, reste, valeur) if k == tete else v) for k, v in donnees.items()}
    return [(_remplacer(v, reste, valeur) if k == tete else v) for k, v in enumerate(donnees)]


def appliquer(dossier: Path, cas: Cas) -> None:
    fichier = dossier / cas.fichier
    texte = fichier.read_text(encoding="utf-8")
    if fichier.suffix == ".md":
        lignes = texte.split("\n")
        milieu = len(lignes) // 2
        fichier.write_text("\n".join([*lignes[:milieu], "", cas.valeur[1], "", *lignes[milieu:]]), encoding="utf-8")
    else:
        donnees = _remplacer(yaml.safe_load(texte), cas.chemin, cas.valeur[1])
        fichier.write_text(yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False), encoding="utf-8")


def essayer(dossier: Path, valeur: str = "") -> tuple[str, str]:
    """(verdict, detail): « refusé » by check, « rendu » (check passed, DOCX and web pages
    rendered), or a finding: « CHECK PLANTE », « REFUSÉ AU RENDU », « RENDU PLANTE », « WEB PLANTE »,
    « WEB NON ÉCHAPPÉ » (``valeur``, the hostile text, is in a page as markup)."""
    try:
        lecture = lire_dossier(dossier)
        resultat = lecture.juger()
    except ErreurContrat:
        return "refusé", ""
    except Exception:  # noqa: BLE001 - a finding: check must never crash
        return "CHECK PLANTE", traceback.format_exc(limit=-3)
    try:
        rendre_paquet(resultat.contrat, OptionsRendu(gabarit=RACINE / "templates" / "contrat.docx",
                                                     dossier_sources=dossier))
    except ErreurContrat as exc:
        return "REFUSÉ AU RENDU", exc.format_message()[:500]
    except Exception:  # noqa: BLE001 - a finding: the render must never crash after a passing check
        return "RENDU PLANTE", traceback.format_exc(limit=-3)
    try:
        pages = rendre_web(imprimer(resultat.contrat), bloc_de_version(valeur or "version"), "contrat.pdf")
    except Exception:  # noqa: BLE001 - a finding: the web edition reads the same printed tree
        return "WEB PLANTE", traceback.format_exc(limit=-3)
    balise = next((m for m in valeur.split() if m.startswith("<")), "")
    for nom, octets in pages.items():
        if balise and nom.endswith(".html") and balise.encode("utf-8") in octets:
            return "WEB NON ÉCHAPPÉ", f"{nom} : {balise}"
    return "rendu", ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", nargs="*", type=Path,
                        default=[RACINE / "sources", RACINE / "exemples" / "rives-de-l-exemple" / "sources"])
    parser.add_argument("--valeurs", type=int, default=len(VALEURS))
    parser.add_argument("--limite", type=int, default=0)
    args = parser.parse_args()
    inscrire()
    comptes: dict[str, int] = {}
    trouvailles: list[str] = []
    debut = time.perf_counter()
    n = 0
    for base in args.sources:
        with tempfile.TemporaryDirectory(prefix="contrat-fuzz-") as tmp:
            dossier = Path(tmp) / "sources"
            shutil.copytree(base, dossier)
            for cas in cas_du_dossier(dossier, VALEURS[:args.valeurs]):
                if args.limite and n >= args.limite:
                    break
                original = (dossier / cas.fichier).read_bytes()
                appliquer(dossier, cas)
                verdict, detail = essayer(dossier, cas.valeur[1])
                (dossier / cas.fichier).write_bytes(original)
                n += 1
                comptes[verdict] = comptes.get(verdict, 0) + 1
                if verdict not in ("refusé", "rendu"):
                    ligne = f"{verdict} : {cas.motif} = {cas.valeur[0]}\n    {detail.strip().replace(chr(10), chr(10) + '    ')}"
                    trouvailles.append(ligne)
                    print(ligne, flush=True)
    duree = time.perf_counter() - debut
    print(f"{n} cas en {duree:.0f} s : " + ", ".join(f"{v} {k}" for k, v in sorted(comptes.items())))
    return 1 if trouvailles else 0


if __name__ == "__main__":
    sys.exit(main())
