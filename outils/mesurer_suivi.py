"""How long reading and checking the follow-up data takes: 10 000 value rows (the issue's bound:
at most 1 s), in a temporary copy of the minimal contract with a few indicator sheets.

Usage: .venv/bin/python outils/mesurer_suivi.py [--lignes N] [--xlsx] [--fois K]

Prints the time of pandas' import (paid once per command, only when a suivi/ folder holds a
workbook: a CSV is read with the standard library), then the best and median of K runs of
reading + typing + checking against the contract; exit 1 when the best run (with pandas' import
for a workbook) exceeds 1 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from contrat.application.sources import lire  # noqa: E402  # after the path is set
from contrat.controles.suivi import juger_suivi  # noqa: E402

BORNE = 1.0
ANNEES = range(2024, 2031)
ZONES = ("les-tilleuls", "epci", "commune", "france")
SEXES = ("femmes", "hommes", "ensemble")
ENTETE = ("indicateur", "annee", "zone", "sexe", "valeur", "statut", "commentaire")

FICHE = """  - code: indicateur-{n}
    critere: sorties
    libelle: "Indicateur {n}"
    type: resultat
    unite: "{unite}"
    perimetre: {{comparaisons: [epci, commune, france]}}
    par_sexe: oui
"""


def preparer(dossier: Path, lignes: int, xlsx: bool) -> Path:
    """A minimal contract with as many sheets as ``lignes`` value rows need (each sheet: 7 years,
    4 areas, 3 sexes, every value distinct), and those rows in suivi/valeurs/."""
    sources = dossier / "sources"
    shutil.copytree(RACINE / "tests" / "fixtures" / "minimal" / "sources", sources)
    par_fiche = len(ANNEES) * len(ZONES) * len(SEXES)
    fiches = -(-lignes // par_fiche)
    (sources / "indicateurs.yaml").write_text(
        "indicateurs:\n" + "".join(FICHE.format(n=n, unite="%" if n % 2 else "nombre") for n in range(fiches)),
        encoding="utf-8")
    rangs = []
    for fiche in range(fiches):
        for annee in ANNEES:
            for zone in ZONES:
                for sexe in SEXES:
                    n = len(rangs)
                    valeur = f"{n % 100},{n % 10}" if fiche % 2 else f"{n % 5000}"
                    rangs.append([f"indicateur-{fiche}", str(annee), zone, sexe, valeur, "disponible", ""])
    rangs = rangs[:lignes]
    valeurs = dossier / "suivi" / "valeurs"
    valeurs.mkdir(parents=True)
    if xlsx:
        import pandas as pd

        pd.DataFrame(rangs, columns=list(ENTETE)).to_excel(valeurs / "valeurs.xlsx", index=False)
    else:
        texte = "\n".join(";".join(r) for r in [list(ENTETE), *rangs]) + "\n"
        (valeurs / "valeurs.csv").write_text(texte, encoding="utf-8")
    return sources


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lignes", type=int, default=10_000)
    parser.add_argument("--xlsx", action="store_true", help="un classeur XLSX au lieu d'un CSV")
    parser.add_argument("--fois", type=int, default=5)
    args = parser.parse_args()
    import_pandas = 0.0
    if args.xlsx:
        debut = time.perf_counter()
        import pandas  # noqa: F401  # what the first workbook's read pays, once per command

        import_pandas = time.perf_counter() - debut
    with tempfile.TemporaryDirectory() as tmp:
        sources = preparer(Path(tmp), args.lignes, args.xlsx)
        contrat = lire(sources).contrat
        durees = []
        for _ in range(args.fois):
            debut = time.perf_counter()
            juge = juger_suivi(sources, contrat)
            durees.append(time.perf_counter() - debut)
        assert juge is not None
        lues = len(juge.suivi.valeurs)
        erreurs = len(juge.erreurs)
    if args.xlsx:
        print(f"import de pandas : {import_pandas:.2f} s (une fois par commande, seulement pour un classeur)")
    print(f"{lues} valeurs lues, typées et contrôlées ({'XLSX' if args.xlsx else 'CSV'}, {erreurs} erreur(s)) : "
          f"meilleure {min(durees):.3f} s, médiane {statistics.median(durees):.3f} s sur {args.fois}"
          + (f" ; avec l'import de pandas : {min(durees) + import_pandas:.3f} s" if args.xlsx else "")
          + f" (borne {BORNE:.1f} s)")
    return 0 if min(durees) + import_pandas <= BORNE else 1


if __name__ == "__main__":
    raise SystemExit(main())
