"""The dependency rules of the contrat package, checked on its imports (imports inside functions and
under ``if TYPE_CHECKING`` included: a dependency hidden for start-up time is still one):

- the stages (the packages of contrat/) depend on each other in one order, ``ETAPES``: a module
  imports modules of its own stage, of the stages before it and of the base, never of a stage after
  it (import-linter's « layers » contract);
- the base, the modules directly under contrat/ (``erreurs``, ``liberation``, ``__init__``), may be
  imported by every stage and imports no stage;
- the command line goes through the application layer: ``cli`` imports only ``application``, itself
  and the base;
- no import cycle between modules nor between stages, no private name (``_x``) imported from
  another module, no test module importing another (what they share lives in helper modules of
  tests/).

Usage: .venv/bin/python outils/cycles.py [--graphe]   (exit 1 and the findings when there are any;
--graphe prints the stages in their order and which stage imports which)
"""

from __future__ import annotations

import ast
import functools
import sys
from collections.abc import Iterable
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent / "contrat"

ETAPES: tuple[tuple[str, str], ...] = (
    ("modele", "les types du contrat, sans dépendance : toutes les étapes les lisent"),
    ("lecture", "lit les sources dans les types du modèle (prose comprise), avec fichier et ligne"),
    ("conformite", "juge le modèle au regard des textes en vigueur à sa signature (référentiel daté) : "
                   "le contrôle en tire un avertissement, l'impression le tableau de conformité"),
    ("impression", "tire du modèle l'arbre imprimé, que lisent toutes les étapes suivantes"),
    ("controles", "juge le modèle et ce qui s'imprime : vient donc après l'impression"),
    ("sortes", "une sorte d'annexe par module (modèle, règles, arbre imprimé) ; les étapes précédentes "
               "n'en connaissent que la table du modèle"),
    ("confiance", "empreintes, sources jointes, signatures : relit les sources jointes, rien de plus"),
    ("amendements", "compare les arbres imprimés de deux versions (Git), rédige et contrôle l'avenant"),
    ("rendu", "écrit les arbres imprimés et les avenants : DOCX puis PDF/A, sources jointes par confiance"),
    ("application", "une fonction par usage (construire, avenant, verify, sign) qui assemble les étapes"),
    ("cli", "options, messages en français, codes de sortie : passe par application seulement"),
)
"""The stages in their order: each imports only the stages before it (and the base)."""

RANG = {nom: rang for rang, (nom, _) in enumerate(ETAPES)}
BASE = "base"
"""The stage of the modules directly under contrat/: every stage may import them."""
CLI_IMPORTE = {"cli", "application", BASE}
"""What the command line may import: it parses, calls the application layer and prints."""


def module_de(chemin: Path) -> str:
    parties = chemin.relative_to(RACINE.parent).with_suffix("").parts
    return ".".join(parties[:-1] if parties[-1] == "__init__" else parties)


@functools.cache
def instructions_d_import(chemin: Path) -> list[ast.Import | ast.ImportFrom]:
    """The import statements of a file, at any depth (in functions, under ``if``, ``try``...): an
    import is a statement, so only statements are walked, not expressions (5 times faster)."""
    trouves: list[ast.Import | ast.ImportFrom] = []
    pile: list[ast.AST] = [ast.parse(chemin.read_text(encoding="utf-8"))]
    while pile:
        noeud = pile.pop()
        if isinstance(noeud, (ast.Import, ast.ImportFrom)):
            trouves.append(noeud)
        for champ in ("body", "orelse", "finalbody", "handlers", "cases"):
            pile.extend(getattr(noeud, champ, ()))
    return trouves


def imports_et_lignes(chemin: Path, module: str) -> dict[str, int]:
    """The modules of contrat that ``module`` imports, each with the line of its first import."""
    paquet = module if chemin.name == "__init__.py" else module.rsplit(".", 1)[0]
    trouves: dict[str, int] = {}
    for noeud in instructions_d_import(chemin):
        cibles: set[str] = set()
        if isinstance(noeud, ast.ImportFrom):
            if noeud.level:
                base = paquet.split(".")
                base = base[:len(base) - noeud.level + 1]
                cible = ".".join(base + ([noeud.module] if noeud.module else []))
            else:
                cible = noeud.module or ""
            if cible.startswith("contrat"):
                # « from . import cli_versions » imports a module; « from .cli import main » a name.
                sous_modules = {f"{cible}.{a.name}" for a in noeud.names} & MODULES
                cibles = sous_modules or {cible}
        elif isinstance(noeud, ast.Import):
            cibles = {a.name for a in noeud.names if a.name.startswith("contrat")}
        for c in cibles:
            if c in MODULES and c != module:
                trouves[c] = min(trouves.get(c, noeud.lineno), noeud.lineno)
    return trouves


def imports(chemin: Path, module: str) -> set[str]:
    return set(imports_et_lignes(chemin, module))


FICHIERS = {module_de(p): p for p in RACINE.rglob("*.py")}
MODULES = set(FICHIERS)


def etape(module: str) -> str:
    """The stage of a module: its package under contrat (``contrat.rendu.pdf`` -> ``rendu``), or
    ``base`` for a module directly under contrat (``contrat.erreurs``, ``contrat``)."""
    parties = module.split(".")
    if len(parties) >= 3 or (len(parties) == 2 and parties[1] in RANG):
        return parties[1]
    return BASE


def etapes_non_declarees() -> list[str]:
    """Packages of contrat/ missing from ``ETAPES``: a new stage takes its place in the order."""
    paquets = {p.relative_to(RACINE).parts[0] for p in FICHIERS.values() if p.parent != RACINE}
    return [f"contrat/{p}/ : étape absente de ETAPES dans outils/cycles.py (lui donner sa place dans l'ordre)"
            for p in sorted(paquets - set(RANG))]


def aretes() -> list[tuple[str, str, int]]:
    """Every import between two modules of contrat: importer, imported, line."""
    return [(m, i, ligne) for m, p in sorted(FICHIERS.items())
            for i, ligne in sorted(imports_et_lignes(p, m).items())]


def ecarts_a_l_ordre(liens: Iterable[tuple[str, str, int]]) -> list[str]:
    """The imports that break the stage order, the base's place or the command line's rule, in
    French: the importing module and its stage, the imported module and its stage, the line."""
    trouves = []
    for m, i, ligne in liens:
        em, ei = etape(m), etape(i)
        if em == ei or ei == BASE:
            continue
        lieu = f"{m} (étape {em}) importe {i} (étape {ei}), ligne {ligne} : "
        if em == BASE:
            trouves.append(lieu + "la base (modules directement sous contrat/) n'importe aucune étape")
        elif em == "cli" and ei not in CLI_IMPORTE:
            trouves.append(lieu + "la ligne de commande passe par application")
        elif ei in RANG and em in RANG and RANG[ei] > RANG[em]:
            trouves.append(lieu + f"l'étape {ei} vient après l'étape {em} dans l'ordre des étapes")
    return trouves


def graphe_des_etapes() -> dict[str, set[str]]:
    graphe: dict[str, set[str]] = {}
    for m, i, _ in aretes():
        graphe.setdefault(etape(m), set())
        if etape(i) != etape(m):
            graphe[etape(m)].add(etape(i))
    return graphe


def imports_prives() -> list[str]:
    """``from contrat.x import _nom`` in another module: a reach-in past a module's interface."""
    trouves = []
    for m, p in FICHIERS.items():
        for noeud in instructions_d_import(p):
            if isinstance(noeud, ast.ImportFrom) and (noeud.module or "").startswith("contrat"):
                for a in noeud.names:
                    if a.name.startswith("_"):
                        trouves.append(f"{m} importe {noeud.module}.{a.name}")
    return trouves


def tests_qui_s_importent() -> list[str]:
    """``from test_x import …`` in tests/: a test module used as a library (running it again,
    its fixtures leaking); shared helpers go in a module that is not a test module."""
    trouves = []
    for p in sorted((RACINE.parent / "tests").glob("test_*.py")):
        for noeud in instructions_d_import(p):
            noms = [noeud.module or ""] if isinstance(noeud, ast.ImportFrom) else \
                [a.name for a in noeud.names]
            trouves.extend(f"tests/{p.name} importe le module de test {n}" for n in noms if n.startswith("test_"))
    return trouves


def cycles(graphe: dict[str, set[str]] | None = None) -> list[list[str]]:
    graphe = graphe if graphe is not None else {m: imports(p, m) for m, p in FICHIERS.items()}
    trouves, vus = [], set()

    def explorer(m: str, pile: list[str]) -> None:
        for s in sorted(graphe.get(m, ())):
            if s in pile:
                cycle = pile[pile.index(s):] + [s]
                cle = frozenset(cycle)
                if cle not in vus:
                    vus.add(cle)
                    trouves.append(cycle)
            elif len(pile) < 12:
                explorer(s, pile + [s])

    for m in sorted(graphe):
        explorer(m, [m])
    return trouves


def afficher_graphe(graphe: dict[str, set[str]]) -> None:
    print("Étapes dans leur ordre (chacune n'importe que celles qui la précèdent et la base) :")
    for rang, (nom, role) in enumerate(ETAPES, 1):
        print(f"{rang}. {nom} : {role}\n   importe : {', '.join(sorted(graphe.get(nom, ()))) or '(rien)'}")
    base = sorted(p.name for m, p in FICHIERS.items() if etape(m) == BASE)
    print(f"base ({', '.join(base)}) : importée par toutes les étapes ; importe : "
          f"{', '.join(sorted(graphe.get(BASE, set()))) or '(rien)'}")


if __name__ == "__main__":
    etapes = graphe_des_etapes()
    if "--graphe" in sys.argv:
        afficher_graphe(etapes)
    liste, entre_etapes, prives, tests = cycles(), cycles(etapes), imports_prives(), tests_qui_s_importent()
    ordre = etapes_non_declarees() + ecarts_a_l_ordre(aretes())
    for c in liste + entre_etapes:
        print(" -> ".join(c))
    for p in ordre + prives + tests:
        print(p)
    print(f"{len(liste)} cycle(s) d'import entre modules, {len(entre_etapes)} entre étapes, "
          f"{len(ordre)} écart(s) à l'ordre des étapes, "
          f"{len(prives)} import(s) de nom privé, {len(tests)} module(s) de test importé(s) par un autre")
    sys.exit(1 if liste or entre_etapes or ordre or prives or tests else 0)
