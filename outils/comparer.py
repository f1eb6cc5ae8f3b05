"""Benchmark: this checkout against an earlier commit, in one run, alternating (speed is measured
here, never in tests).

Usage: .venv/bin/python outils/comparer.py COMMIT [N]
  COMMIT  the reference (a hash, a tag, HEAD~3...), checked out in a temporary Git worktree
  N       runs of each command on each side (default 5)

For each of ``check``, a cold full build (``--force``), ``verify`` of the PDF that side built,
``diff`` and ``avenant`` (in a Git repository where that side signed the Grand Dole contract and
then changed it: the edit of ``outils/pages.py``), the two sides run one after the other N times
(reference, current, reference, ...), with the same Python; it prints both medians and their
ratio (current / reference).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE / "outils"))

from pages import preparer_depot  # noqa: E402 - outils/ is not a package: its path is added above


def _temps(racine: Path, *args: str, cwd: Path | None = None) -> float:
    debut = time.perf_counter()
    fini = subprocess.run([sys.executable, str(racine / "build.py"), *args], cwd=cwd or racine, capture_output=True,
                          text=True, timeout=900)
    duree = time.perf_counter() - debut
    if fini.returncode != 0:
        sys.exit(f"{racine}: build.py {' '.join(args)} a échoué ({fini.returncode}) :\n{fini.stderr[-2000:]}")
    return duree


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    reference, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory(prefix="contrat-comparer-") as tmp:
        ancien = Path(tmp) / "reference"
        subprocess.run(["git", "-C", str(RACINE), "worktree", "add", "--detach", "-q", str(ancien), reference],
                       check=True)
        try:
            cotes = {"référence": ancien, "actuel": RACINE}
            dists = {nom: Path(tmp) / f"dist-{i}" for i, nom in enumerate(cotes)}
            depots = {nom: Path(tmp) / f"depot-{i}" for i, nom in enumerate(cotes)}
            for nom, racine in cotes.items():  # warm-up: profiles, caches, bytecode; the PDF verify reads
                _temps(racine, "--dist", str(dists[nom]), "--force")
                preparer_depot(racine, depots[nom])
            mesures: dict[tuple[str, str], list[float]] = {}
            commandes = {
                "check": lambda nom: ("check",),
                "construction à froid (--force)": lambda nom: ("--dist", str(Path(tmp) / f"b-{nom}"), "--force"),
                "verify": lambda nom: ("verify", str(dists[nom] / "contrat-de-ville.pdf")),
                "diff": lambda nom: ("diff",),
                "avenant": lambda nom: ("avenant", "--dist", str(Path(tmp) / f"a-{nom}")),
            }
            dans_le_depot = {"diff", "avenant"}
            for _ in range(n):
                for etape, args in commandes.items():
                    for nom, racine in cotes.items():
                        cwd = depots[nom] if etape in dans_le_depot else None
                        mesures.setdefault((etape, nom), []).append(_temps(racine, *args(nom), cwd=cwd))
            print(f"Référence : {reference} ; médianes de {n} exécutions en alternance")
            for etape in commandes:
                avant = statistics.median(mesures[(etape, "référence")])
                apres = statistics.median(mesures[(etape, "actuel")])
                print(f"  {etape:32} {avant:6.2f} s → {apres:6.2f} s  (× {apres / avant:.2f})")
        finally:
            subprocess.run(["git", "-C", str(RACINE), "worktree", "remove", "--force", str(ancien)], check=False)


if __name__ == "__main__":
    main()
