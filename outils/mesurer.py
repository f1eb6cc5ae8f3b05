"""Benchmark: the pipeline's times beside their floor, measured in one run on this machine (speed is
measured here, never in tests).

Usage: .venv/bin/python outils/mesurer.py [N] [--rapide]
       .venv/bin/python outils/mesurer.py --demarrage [N] [COMMIT]
  N            runs per median (default 5; 15 or more for --demarrage)
  --rapide     skip the 3x/10x series, the avenant and verify
  --demarrage  start-up only (see ``demarrage``): ``check`` and a no-op build, wall and CPU time;
               with COMMIT, that commit's engine measured in turn with this one (before/after)

Prints, each a median of N: ``check``; the cold full build and the bare cold
``soffice --convert-to pdf`` of the very DOCX it wrote (the floor); a no-op build; a warm rebuild
after a one-line change against a warm conversion of the same DOCX by the running LibreOffice;
the 1x/3x/10x series (time, peak memory of the build and of everything it starts, its floor);
``avenant`` against the bare conversions of the contract and of the avenant; ``verify`` of a
fresh build against the full build.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(RACINE / "tests"))
PAGE = os.sysconf("SC_PAGE_SIZE")


def _descendants(racine: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entree in os.listdir("/proc"):
        if entree.isdigit():
            try:
                champs = Path(f"/proc/{entree}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(champs[1]), []).append(int(entree))
    resultat, pile = [], [racine]
    while pile:
        pid = pile.pop()
        resultat.append(pid)
        pile.extend(parents.get(pid, []))
    return resultat


def _memoire(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except OSError:
            pass
    return total


def executer(args: list[str], cwd: Path = RACINE, memoire: bool = False) -> tuple[float, int]:
    """Wall time of a command and, with ``memoire``, the peak memory of it and every process it
    starts (Mo; sampled every 50 ms, which costs CPU: never while timing what has no memory column)."""
    debut = time.perf_counter()
    processus = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    pic = [0]

    def surveiller() -> None:
        while processus.poll() is None:
            pic[0] = max(pic[0], _memoire(_descendants(processus.pid)))
            time.sleep(0.05)

    fil = threading.Thread(target=surveiller, daemon=True)
    if memoire:
        fil.start()
    erreurs = processus.communicate()[1]
    duree = time.perf_counter() - debut
    if memoire:
        fil.join()
    if processus.returncode != 0:
        raise SystemExit(f"échec de {' '.join(args)} :\n{erreurs.decode()[-2000:]}")
    return duree, pic[0] // (1024 * 1024)


def mediane(n: int, mesure: Callable[[], float], avant: Callable[[], None] | None = None) -> float:
    durees = []
    for _ in range(n):
        if avant:
            avant()
        durees.append(mesure())
    return statistics.median(durees)


def en_alternance(n: int, mesure: Callable[[], float], plancher: Callable[[], float]) -> tuple[float, float, float]:
    """The operation and its floor measured in turn, n times each: (median, median of the floor,
    median of the n ratios). In turn, so that a machine slower for a while slows both alike."""
    paires = [(mesure(), plancher()) for _ in range(n)]
    return (statistics.median(a for a, _ in paires), statistics.median(b for _, b in paires),
            statistics.median(a / b for a, b in paires))


def build(*args: str) -> list[str]:
    return [sys.executable, str(RACINE / "build.py"), *args]


def soffice_nu(docx: Path, dossier: Path, filtre: str = "pdf") -> float:
    """The floor: a bare cold ``soffice --convert-to pdf`` of ``docx`` (its own fresh process);
    with ``filtre``, LibreOffice's export options given as the build gives them."""
    from contrat.rendu.libreoffice import soffice
    from contrat.rendu.polices import polices

    profil, sortie = dossier / "profil-nu", dossier / "nu" / docx.with_suffix(".pdf").name
    sortie.unlink(missing_ok=True)
    # The fonts the build shows LibreOffice (its private fontconfig), so that both lay out alike.
    polices_du_contrat = f"FONTCONFIG_FILE={polices(soffice()).configuration}"
    duree = executer(["env", polices_du_contrat, soffice(), f"-env:UserInstallation=file://{profil}", "--headless",
                      "--convert-to", filtre, "--outdir", str(sortie.parent), str(docx)])[0]
    if not sortie.is_file():  # soffice says nothing and exits 0 on a file it could not load
        raise SystemExit(f"soffice n'a pas converti {docx}")
    return duree


def filtre_du_contrat() -> str:
    """The contract's export (PDF/A-3b, tagged, outline) as a ``--convert-to`` filter."""
    import json

    from contrat.rendu.libreoffice import FILTRE_PDF

    return "pdf:writer_pdf_Export:" + json.dumps({n: {"type": g, "value": v} for n, (g, v) in FILTRE_PDF.items()})


def ligne(nom: str, valeur: str, commentaire: str = "") -> None:
    print(f"{nom:52s} {valeur:>14s}  {commentaire}")


def main() -> None:
    n = int(next((a for a in sys.argv[1:] if a.isdigit()), "5"))
    if "--demarrage" in sys.argv:
        reference = next((a for a in sys.argv[1:] if not a.isdigit() and not a.startswith("--")), None)
        demarrage(n, reference)
        return
    rapide = "--rapide" in sys.argv
    # The engine measured as installed, its bytecode written (./construire does it): with
    # PYTHONDONTWRITEBYTECODE set, every build would otherwise compile it first (0.2 s).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(RACINE / "contrat"), str(RACINE / "build.py")],
                   check=True, stdout=subprocess.DEVNULL)
    tmp = Path(tempfile.mkdtemp(prefix="contrat-mesure-"))
    try:
        sources = tmp / "sources"
        shutil.copytree(RACINE / "sources", sources)
        dist = tmp / "dist"
        ligne("mesure (médiane de {})".format(n), "temps", "rapport")
        check = mediane(n, lambda: executer(build("check", "--sources", str(sources)))[0])
        ligne("build.py check", f"{check:.2f} s", f"python -c pass : {mediane(n, lambda: executer([sys.executable, '-c', 'pass'])[0]):.2f} s")
        froid, nu, rapport = en_alternance(
            n, lambda: executer(build("--sources", str(sources), "--dist", str(dist), "--force"))[0],
            lambda: soffice_nu((dist / "contrat-de-ville.docx").resolve(), tmp))
        ligne("construction complète à froid", f"{froid:.2f} s", f"soffice nu : {nu:.2f} s → rapport {rapport:.2f}")
        rien = mediane(n, lambda: executer(build("--sources", str(sources), "--dist", str(dist)))[0])
        ligne("construction sans changement", f"{rien:.2f} s")
        chaud, conversion, rapport = _a_chaud(sources, n)
        ligne("reconstruction à chaud (une ligne changée)", f"{chaud:.2f} s",
              f"conversion à chaud du même DOCX : {conversion:.2f} s → rapport {rapport:.2f}")
        if rapide:
            return
        _serie(tmp, n)
        _avenant(tmp, n)
        verification = mediane(n, lambda: executer(build("verify", str(dist / "contrat-de-ville.pdf"), "--sources",
                                                          str(sources)))[0])
        ligne("verify d'une construction fraîche", f"{verification:.2f} s",
              f"construction complète : {froid:.2f} s → rapport {verification / froid:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _a_chaud(sources: Path, n: int) -> tuple[float, float, float]:
    """In one process with LibreOffice kept running (what ``build.py watch`` does): a rebuild after
    a one-line change of a text, and the warm conversion of the same DOCX alone."""
    from contrat.application.construction import construire
    from contrat.rendu.libreoffice import convertir, garder_libreoffice

    garder_libreoffice()
    texte = sources / "textes" / "evaluation.md"
    original = texte.read_text(encoding="utf-8")
    construire(sources)  # LibreOffice started, caches warm
    durees, conversions = [], []
    try:
        for k in range(n):
            texte.write_text(original + f"\nUne ligne de plus ({k}).\n", encoding="utf-8")
            debut = time.perf_counter()
            construction = construire(sources)
            durees.append(time.perf_counter() - debut)
            docx = construction.fichiers["contrat-de-ville.docx"]
            debut = time.perf_counter()
            convertir(docx)
            conversions.append(time.perf_counter() - debut)
    finally:
        texte.write_text(original, encoding="utf-8")
        garder_libreoffice(False)
    return (statistics.median(durees), statistics.median(conversions),
            statistics.median(a / b for a, b in zip(durees, conversions)))


def _serie(tmp: Path, n: int) -> None:
    """1x, 3x, 10x: the build, the bare conversion of its DOCX (the floor) and the same conversion
    with the contract's export options (tagged PDF/A: what the build's conversion itself does),
    measured in turn; peak memory from one more build."""
    from agrandir import agrandir
    from pypdf import PdfReader

    un = 0.0
    for k in (1, 3, 10):
        sources = tmp / f"x{k}" / "sources"
        if k == 1:
            shutil.copytree(RACINE / "sources", sources)
        else:
            agrandir(RACINE / "sources", sources, k)
        dist = tmp / f"x{k}" / "dist"
        pic = executer(build("--sources", str(sources), "--dist", str(dist), "--force"), memoire=True)[1]
        triplets = []
        for _ in range(n):
            duree = executer(build("--sources", str(sources), "--dist", str(dist), "--force"))[0]
            docx = (dist / "contrat-de-ville.docx").resolve()  # each build publishes a new set
            triplets.append((duree, soffice_nu(docx, tmp / f"x{k}"), soffice_nu(docx, tmp / f"x{k}", filtre_du_contrat())))
        duree, nu, balise = (statistics.median(t[i] for t in triplets) for i in range(3))
        rapport = statistics.median(a / b for a, b, _ in triplets)
        rapport_balise = statistics.median(a / c for a, _, c in triplets)
        un = un or duree
        pdf = dist / "contrat-de-ville.pdf"
        ligne(f"{k}× : {len(PdfReader(pdf).pages)} pages", f"{duree:.2f} s",
              f"{duree / un:.1f} × le 1× ; soffice nu {nu:.2f} s → rapport {rapport:.2f} ; "
              f"soffice PDF/A balisé {balise:.2f} s → rapport {rapport_balise:.2f} ; pic {pic} Mo")


def _avenant(tmp: Path, n: int) -> None:
    """An avenant on a repository with a signed contract (the tests' first scenario)."""
    import scenarios

    depot = tmp / "depot"
    shutil.copytree(RACINE / "sources", depot / "sources")
    git = ["git", "-C", str(depot)]
    for commande in (["init", "-q"], ["config", "user.email", "m@exemple.fr"], ["config", "user.name", "Mesure"]):
        subprocess.run(git + commande, check=True)
    contrat = depot / "sources" / "contrat.yaml"
    contrat.write_text(contrat.read_text(encoding="utf-8").replace('  # date: "2024-06-28"', '  date: "2024-06-28"'),
                       encoding="utf-8")
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "signé"], check=True)
    executer(build("figer", "--date", "2024-06-28"), cwd=depot)
    scenarios.avenant_1(depot / "sources")
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "avenant 1"], check=True)
    dist = depot / "dist"
    duree = mediane(n, lambda: executer(build("avenant", "--dist", str(dist)), cwd=depot)[0])
    executer(build("--dist", str(dist)), cwd=depot)
    nu = soffice_nu((dist / "contrat-de-ville.docx").resolve(), tmp) + soffice_nu((dist / "avenant-01.docx").resolve(), tmp)
    ligne("build.py avenant", f"{duree:.2f} s", f"soffice nu contrat + avenant : {nu:.2f} s → rapport {duree / nu:.2f}")


# --- start-up ----------------------------------------------------------------------------------

SONDE_PYDANTIC = """
import sys, time
import pydantic._internal._model_construction as construction
original, total = construction.complete_model_class, [0.0, 0]
def chronometre(*args, **options):
    debut = time.perf_counter()
    try:
        return original(*args, **options)
    finally:
        total[0] += time.perf_counter() - debut
        total[1] += 1
construction.complete_model_class = chronometre
sys.argv = ["build.py", *sys.argv[1:]]
from contrat.cli.principal import lancer
try:
    lancer()
except SystemExit:
    pass
print(f"{total[0]:.4f} {total[1]}", file=sys.__stderr__)
"""
"""Run in a checkout's root: the command of its argv in-process, then the time pydantic spent
building classes (at import or at first use) and how many it built, on stderr."""


def _temps_et_cpu(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system, its children included) of a command."""
    debut = time.perf_counter()
    processus = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, etat, ressources = os.wait4(processus.pid, 0)
    duree = time.perf_counter() - debut
    if os.waitstatus_to_exitcode(etat) != 0:
        raise SystemExit(f"échec de {' '.join(args)} (dans {cwd})")
    return duree, ressources.ru_utime + ressources.ru_stime


def _imports(racine: Path, sources: Path) -> tuple[float, dict[str, float]]:
    """One ``-X importtime`` of ``check``: the sum of every module's own time, and each module's
    cumulative time (seconds)."""
    sortie = subprocess.run([sys.executable, "-X", "importtime", str(racine / "build.py"), "check", "--sources",
                             str(sources)], cwd=racine, capture_output=True, text=True).stderr
    somme, cumules = 0.0, {}
    for ligne_ in sortie.splitlines():
        champs = ligne_.split("|")
        if ligne_.startswith("import time:") and champs[1].strip().isdigit():
            somme += int(champs[0].split(":")[1]) / 1e6
            cumules[champs[2].strip()] = int(champs[1]) / 1e6
    return somme, cumules


def _pydantic(racine: Path, sources: Path) -> tuple[float, str]:
    """Seconds pydantic spends building the model's classes over one ``check``, and how many."""
    sortie = subprocess.run([sys.executable, "-c", SONDE_PYDANTIC, "check", "--sources", str(sources)], cwd=racine,
                            capture_output=True, text=True).stderr.split()
    return float(sortie[-2]), sortie[-1]


def demarrage(n: int, reference: str | None) -> None:
    """Start-up: ``check`` and a no-op build (a second build, nothing changed), the median of n
    runs of each, wall time and CPU time; with ``reference`` (a commit), its engine too,
    extracted into a temporary folder, the two measured in turn (reference, current, reference...)
    so that a machine busy for a while slows both alike. Then, for each, the import time of
    ``check`` (``-X importtime``) with its ten largest modules, and the time pydantic spends
    building the model's classes over the whole of ``check``."""
    tmp = Path(tempfile.mkdtemp(prefix="contrat-demarrage-"))
    try:
        cotes = {"actuel": RACINE}
        if reference:
            cotes = {"référence": tmp / "reference", **cotes}
            cotes["référence"].mkdir()
            archive = subprocess.run(["git", "-C", str(RACINE), "archive", reference], check=True,
                                     capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(cotes["référence"])], input=archive, check=True)
        for nom, racine in cotes.items():
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(racine / "contrat"), str(racine / "build.py")],
                           check=True, stdout=subprocess.DEVNULL)
            shutil.copytree(RACINE / "sources", tmp / nom / "sources")
            # The outputs a no-op build finds up to date, then one no-op build (caches, bytecode).
            for _ in range(2):
                executer(build_de(racine, "--sources", str(tmp / nom / "sources"), "--dist", str(tmp / nom / "dist")),
                         cwd=racine)
        commandes = {
            "build.py check": lambda nom: ["check", "--sources", str(tmp / nom / "sources")],
            "construction sans changement": lambda nom: ["--sources", str(tmp / nom / "sources"),
                                                         "--dist", str(tmp / nom / "dist")],
        }
        mesures: dict[tuple[str, str], list[tuple[float, float]]] = {}
        vide = []
        for _ in range(n):
            vide.append(_temps_et_cpu([sys.executable, "-c", "pass"], RACINE)[0])
            for etape, args in commandes.items():
                for nom, racine in cotes.items():
                    mesures.setdefault((etape, nom), []).append(_temps_et_cpu(build_de(racine, *args(nom)), racine))
        print(f"Démarrage, médianes de {n} exécutions en alternance ; python -c pass : {statistics.median(vide):.3f} s")
        for etape in commandes:
            for nom in cotes:
                serie = mesures[(etape, nom)]
                print(f"  {etape:30} {nom:10} {statistics.median(t for t, _ in serie):6.3f} s "
                      f"(processeur {statistics.median(c for _, c in serie):.3f} s)")
        # Imports and pydantic's building, alternating too.
        imports: dict[str, list[tuple[float, dict[str, float]]]] = {nom: [] for nom in cotes}
        constructions: dict[str, list[tuple[float, str]]] = {nom: [] for nom in cotes}
        for _ in range(max(5, n // 2)):
            for nom, racine in cotes.items():
                imports[nom].append(_imports(racine, tmp / nom / "sources"))
                constructions[nom].append(_pydantic(racine, tmp / nom / "sources"))
        for nom in cotes:
            modules = {m for _, cumules in imports[nom] for m in cumules}
            haut = sorted(((statistics.median(c.get(m, 0.0) for _, c in imports[nom]), m) for m in modules),
                          reverse=True)[:10]
            print(f"{nom} : imports de check {statistics.median(s for s, _ in imports[nom]):.3f} s (somme des temps "
                  f"propres, -X importtime) ; classes pydantic construites : {constructions[nom][0][1]} en "
                  f"{statistics.median(t for t, _ in constructions[nom]):.3f} s ; les dix plus longs (cumulés) :")
            for duree, module in haut:
                print(f"    {duree:.3f} s  {module}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def build_de(racine: Path, *args: str) -> list[str]:
    return [sys.executable, str(racine / "build.py"), *args]


if __name__ == "__main__":
    main()
