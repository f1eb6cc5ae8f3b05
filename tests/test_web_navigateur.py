"""The web edition (``dist/web/``) as its readers meet it in a real browser: the system's Chromium
driven by Playwright (its own browser download cannot work offline: ``CONTRAT_NAVIGATEUR`` names
another executable), axe-core on every page (WCAG 2.1 A and AA), the sommaire by keyboard only,
a 360 px phone, the W3C validator (vnu.jar on the machine's Java), and screenshots of a key-figures
page and an enjeu page for the CI artifact (``CONTRAT_CAPTURES``, else ``dist/captures/``).

axe-core and vnu.jar are the versions outils/navigateur/package-lock.json pins, installed by
``./construire test``. The browser is started once for the module (a start costs 0.5 s).
Pages are served over HTTP on the loopback, as a host serves them (on file:// Chromium forbids
scripts to read the stylesheet, and axe's rule on orientation lock, WCAG 2.1 AA, silently does not
run); vnu reads the files.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import struct
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import scenarios
from conftest import RACINE, Construit, lancer

pytestmark = pytest.mark.pdf

MINIMAL = RACINE / "tests" / "fixtures" / "minimal" / "sources"
SECOND_EXEMPLE = RACINE / "exemples" / "rives-de-l-exemple" / "sources"
VERIFICATEURS = RACINE / "outils" / "navigateur" / "node_modules"
AXE = VERIFICATEURS / "axe-core" / "axe.min.js"
VNU = VERIFICATEURS / "vnu-jar" / "build" / "dist" / "vnu.jar"
ETIQUETTES_WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TELEPHONE = {"width": 360, "height": 740}
ECRAN = {"width": 1280, "height": 900}
INSTALLER = "./construire test l'installe"


@dataclass
class Site:
    nom: str
    web: Path
    url: str = ""
    """Where the served edition starts (``serveur``)."""

    @property
    def pages(self) -> list[Path]:
        """Every page of the edition, in sub-folders too."""
        return sorted(self.web.rglob("*.html"))

    def adresse(self, page: Path | str) -> str:
        assert self.url, "édition non servie"
        return self.url + (page.relative_to(self.web).as_posix() if isinstance(page, Path) else page)


def _outil(chemin: Path) -> Path:
    if not chemin.is_file():
        pytest.fail(f"{chemin.relative_to(RACINE)} absent ({INSTALLER} : npm ci dans outils/navigateur)", pytrace=False)
    return chemin


def executable_navigateur() -> str:
    """The browser to drive: ``CONTRAT_NAVIGATEUR``, else Debian's chromium, else Ubuntu's
    chromium-browser or Google Chrome (GitHub's runner)."""
    choisi = os.environ.get("CONTRAT_NAVIGATEUR")
    if choisi:
        return choisi
    for nom in ("chromium", "chromium-browser", "google-chrome"):
        if chemin := shutil.which(nom):
            return chemin
    pytest.fail(f"aucun navigateur (chromium, chromium-browser, google-chrome) : {INSTALLER}, "
                "ou CONTRAT_NAVIGATEUR désigne son exécutable", pytrace=False)


@pytest.fixture(scope="module")
def navigateur() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"playwright absent : {INSTALLER} (extras « test » de pyproject.toml)", pytrace=False)
    with sync_playwright() as p:
        lance = p.chromium.launch(executable_path=executable_navigateur())
        yield lance
        lance.close()


@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> Site:
    dist = tmp_path_factory.mktemp("dist")
    fini = lancer("--sources", str(MINIMAL), "--dist", str(dist))
    assert fini.returncode == 0, fini.stderr + fini.stdout
    return Site("minimal", dist / "web")


@pytest.fixture(scope="module")
def second_exemple(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The second example: five QPV, the blocks of the law and the table of conformity, each a
    table of the web edition."""
    dist = tmp_path_factory.mktemp("dist")
    fini = lancer("--sources", str(SECOND_EXEMPLE), "--dist", str(dist))
    assert fini.returncode == 0, fini.stderr + fini.stdout
    return Site("second-exemple", dist / "web")


@pytest.fixture(scope="module")
def grand_dole(construit: Construit) -> Site:
    return Site("grand-dole", construit.dist / "web")


@pytest.fixture(scope="module")
def avenant(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """An avenant's page (the Grand Dole's avenant n° 1 of the tests' scenario) beside the web
    edition of the consolidated contract its articles link to, both written in this process from
    the printed trees (no Git, no LibreOffice: what ``build.py avenant`` and ``build.py`` write)."""
    from contrat.amendements.avenant import Versions, articles
    from contrat.amendements.imprime import imprimer_avenant
    from contrat.controles.dossier import valider_dossier
    from contrat.impression.version import bloc_de_version
    from contrat.rendu.web import adresses, rendre_avenant_web, rendre_web

    racine = tmp_path_factory.mktemp("avenant")
    shutil.copytree(RACINE / "sources", racine / "sources")
    signe = valider_dossier(racine / "sources").contrat
    scenarios.avenant_1(racine / "sources")
    nouveau = valider_dossier(racine / "sources").contrat
    v = Versions(signe, nouveau, nouveau.avenants[-1], "contrat-signe")
    consolide = v.imprimes()[1]
    fichiers = {**rendre_web(consolide, bloc_de_version("Version consolidée intégrant l'avenant n° 1 (projet)")),
                **rendre_avenant_web(imprimer_avenant(v, articles(v)), adresses(consolide), dossier="avenant-01-web")}
    for nom, octets in fichiers.items():
        (racine / "dist" / nom).parent.mkdir(parents=True, exist_ok=True)
        (racine / "dist" / nom).write_bytes(octets)
    return Site("avenant", racine / "dist" / "avenant-01-web")


@pytest.fixture(params=["minimal", "grand_dole"])
def site(request: pytest.FixtureRequest) -> Site:
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


@pytest.fixture(params=["minimal", "grand_dole", "second_exemple", "avenant"])
def publie(request: pytest.FixtureRequest) -> Site:
    """Every page published: the three contracts' editions and an avenant's page."""
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


class _Discret(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Nothing on stderr for each request."""


@pytest.fixture(scope="module", autouse=True)
def serveur(minimal: Site, grand_dole: Site, second_exemple: Site, avenant: Site,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The three editions (each beside its PDF) and the avenant's page (beside the consolidated
    contract's edition) served on 127.0.0.1 by the standard library's server, in a thread, for
    the module."""
    racine = tmp_path_factory.mktemp("publie")
    for s in (minimal, grand_dole, second_exemple, avenant):
        (racine / s.nom).symlink_to(s.web.parent)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Discret, directory=str(racine)))
    fil = threading.Thread(target=httpd.serve_forever, daemon=True)
    fil.start()
    for s in (minimal, grand_dole, second_exemple, avenant):
        s.url = f"http://127.0.0.1:{httpd.server_address[1]}/{s.nom}/{s.web.name}/"
    yield
    httpd.shutdown()
    httpd.server_close()
    fil.join()


TEMOIN = ('<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>Témoin</title></head>'
          '<body><p><img src="logo.png"></p></body></html>\n')


@dataclass
class ValidationW3c:
    fichiers: list[Path]
    temoin: Path
    processus: subprocess.Popen[str]


@pytest.fixture(scope="module", autouse=True)
def validation_w3c(minimal: Site, grand_dole: Site, second_exemple: Site, avenant: Site,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[ValidationW3c]:
    """vnu.jar started once the three editions are built, in the background while the browser tests
    run (Java and Chromium each on a core): one Java for every page and stylesheet of the three
    editions, and a witness page. Java's first compiler only (half the CPU of a run this short:
    2.5 s instead of 5.5), which needs a larger thread stack: with Java's default, vnu can
    overflow it on its HTML schema (it says so, yet prints an empty list of messages)."""
    if not shutil.which("java"):
        pytest.fail(f"java absent : {INSTALLER} (default-jre-headless)", pytrace=False)
    temoin = tmp_path_factory.mktemp("temoin") / "temoin.html"
    temoin.write_text(TEMOIN, encoding="utf-8")
    fichiers = [f for s in (minimal, grand_dole, second_exemple, avenant)
                for f in [*s.pages, s.web / "style.css"]] + [temoin]
    java = ["java", "-Xss16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(_outil(VNU))]
    processus = subprocess.Popen([*java, "--format", "json", "--verbose", "--also-check-css", *map(str, fichiers)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    yield ValidationW3c(fichiers, temoin, processus)
    if processus.poll() is None:
        processus.kill()
        processus.communicate()


@pytest.fixture
def telephone(navigateur: Any) -> Iterator[Any]:
    """A page in a phone's window: 360 px wide, the page's meta viewport obeyed (is_mobile)."""
    contexte = navigateur.new_context(viewport=TELEPHONE, is_mobile=True, has_touch=True)
    yield contexte.new_page()
    contexte.close()


@pytest.fixture
def ecran(navigateur: Any) -> Iterator[Any]:
    contexte = navigateur.new_context(viewport=ECRAN)
    yield contexte.new_page()
    contexte.close()


def test_axe_aucune_violation_wcag_21_aa(publie: Site, telephone: Any) -> None:
    """axe-core on every page, at 360 px (where tables scroll inside their wrapper, so the rule on
    scrollable regions has something to check): no violation of a WCAG 2.0/2.1 A or AA rule. The
    one such rule axe still calls experimental (orientation not locked by the CSS) is run too."""
    axe = _outil(AXE).read_text(encoding="utf-8")
    violations, verifiees = [], []
    for chemin in publie.pages:
        telephone.goto(publie.adresse(chemin))
        telephone.evaluate(axe)
        resultat = telephone.evaluate("""etiquettes => axe.run(document, {
            runOnly: {type: 'tag', values: etiquettes}, rules: {'css-orientation-lock': {enabled: true}},
            resultTypes: ['violations']})""", ETIQUETTES_WCAG)
        verifiees.append(chemin.name)
        appliquees = {r["id"] for cle in ("passes", "inapplicable", "incomplete", "violations") for r in resultat[cle]}
        assert {"color-contrast", "css-orientation-lock", "scrollable-region-focusable"} <= appliquees, \
            f"{chemin.name} : règles qu'axe n'a pas pu appliquer"
        for v in resultat["violations"]:
            cibles = " ; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            violations.append(f"{chemin.name} : {v['id']} ({v['impact']}, {len(v['nodes'])} éléments) {v['help']} → {cibles}")
    assert violations == [], f"{publie.nom} : violations WCAG 2.1 AA selon axe-core :\n" + "\n".join(violations)
    if publie.nom == "avenant":  # one page
        assert verifiees == ["index.html"], verifiees
    else:
        assert len(verifiees) >= 5 and "index.html" in verifiees and "signatures.html" in verifiees, verifiees


ACTIF = """() => { const e = document.activeElement;
    return e ? {balise: e.tagName.toLowerCase(), href: e.getAttribute('href'), texte: e.textContent.trim(),
                sommaire: !!e.closest('#sommaire'), main: !!e.closest('main'),
                visible: (r => r.width > 1 && r.height > 1 && r.left >= 0 && r.right <= innerWidth)(e.getBoundingClientRect())}
             : null; }"""
CHAPITRES_DU_SOMMAIRE = "() => [...document.querySelectorAll('#sommaire > ol > li > a')].map(a => [a.getAttribute('href'), a.textContent.trim()])"
CIBLE = """() => { const id = decodeURIComponent(location.hash.slice(1)); const e = document.getElementById(id);
    if (!e) return null; const r = e.getBoundingClientRect();
    return {balise: e.tagName.toLowerCase(), texte: e.textContent.trim(), haut: r.top, fenetre: innerHeight,
            defile: scrollY, fin: document.documentElement.scrollHeight - innerHeight}; }"""


def _tabulations(page: Any, hrefs: list[str], limite: int = 300) -> dict[str, int]:
    """From the top of the page, Tab until each of ``hrefs`` had the focus: how many presses each
    took (the first time), every focused element visible."""
    rang: dict[str, int] = {}
    for n in range(1, limite + 1):
        page.keyboard.press("Tab")
        actif = page.evaluate(ACTIF)
        assert actif and actif["visible"], f"la tabulation n° {n} donne le focus à un élément invisible : {actif}"
        if actif["sommaire"] and actif["href"] in hrefs:
            rang.setdefault(actif["href"], n)
        if len(rang) == len(hrefs):
            break
    return rang


def test_le_clavier_seul_mene_a_chaque_chapitre_du_sommaire(site: Site, ecran: Any) -> None:
    """From the top of index.html, Tab reaches every chapter of the sommaire (in its order), and
    Enter on each shows that chapter (links within the page)."""
    _sommaire_au_clavier(site, "index.html", ecran)


def test_le_clavier_seul_mene_d_une_page_de_chapitre_aux_autres(minimal: Site, ecran: Any) -> None:
    """The same from a chapter's own page, whose sommaire leads to the other pages (the minimal
    contract: the Grand Dole's pages are built by the same code, and its sommaire is longer)."""
    _sommaire_au_clavier(minimal, "chapitre-chiffres.html", ecran)


def _sommaire_au_clavier(site: Site, depart: str, ecran: Any) -> None:
    """Tab from the top of ``page_depart`` to each chapter's link of its sommaire, then Enter: the
    URL is the link's, the chapter's heading (same words as the link) in the window, at its top
    unless the page ends before."""
    page_depart = site.adresse(depart)
    ecran.goto(page_depart)
    chapitres = ecran.evaluate(CHAPITRES_DU_SOMMAIRE)
    assert len(chapitres) >= 4, chapitres
    hrefs = [h for h, _ in chapitres]
    rang = _tabulations(ecran, hrefs)
    assert sorted(rang, key=rang.__getitem__) == hrefs, f"chapitres atteints au clavier, dans l'ordre : {rang}"
    for href, titre in chapitres:
        ecran.goto(page_depart)
        for _ in range(rang[href]):
            ecran.keyboard.press("Tab")
        assert ecran.evaluate(ACTIF)["href"] == href
        ecran.keyboard.press("Enter")
        attendu = site.adresse(href.split("#")[0]) if not href.startswith("#") else page_depart
        ecran.wait_for_url(attendu + "#" + href.split("#")[1], timeout=5000)
        cible = ecran.evaluate(CIBLE)
        assert cible and cible["balise"] == "h2" and cible["texte"] == titre, (href, cible)
        en_haut = 0 <= cible["haut"] <= 40 or (0 <= cible["haut"] < cible["fenetre"] and cible["defile"] >= cible["fin"] - 1)
        assert en_haut, f"{href} : le titre n'est pas en haut de la fenêtre ({cible})"


def test_les_liens_d_evitement_menent_au_contenu_et_au_sommaire(site: Site, ecran: Any) -> None:
    """The first Tab shows « Aller au contenu »; Enter on it, then Tab: the focus is in the
    chapter's text, past the sommaire. « Aller au sommaire », then Tab: its first link."""
    ecran.goto(site.adresse("index.html"))
    ecran.keyboard.press("Tab")
    actif = ecran.evaluate(ACTIF)
    assert actif["href"] == "#contenu" and actif["texte"] == "Aller au contenu" and actif["visible"], actif
    ecran.keyboard.press("Enter")
    ecran.keyboard.press("Tab")
    assert ecran.evaluate(ACTIF)["main"], ecran.evaluate(ACTIF)

    ecran.goto(site.adresse("index.html"))
    rang = 0
    while (actif := ecran.evaluate(ACTIF)) is None or actif["href"] != "#sommaire":
        ecran.keyboard.press("Tab")
        rang += 1
        assert rang < 10, "« Aller au sommaire » n'est pas parmi les premiers liens"
    assert actif["texte"] == "Aller au sommaire"
    ecran.keyboard.press("Enter")
    ecran.keyboard.press("Tab")
    actif = ecran.evaluate(ACTIF)
    assert actif["sommaire"] and actif["href"] == ecran.evaluate(CHAPITRES_DU_SOMMAIRE)[0][0], actif


MESURES_360 = """() => {
    const debord = [], sans_clavier = [], rogne = [], petit = [];
    const largeur = document.documentElement.clientWidth;
    for (const e of document.querySelectorAll('body *')) {
        const s = getComputedStyle(e);
        // Visually hidden on purpose: a text for screen readers, the skip link until it has the focus.
        if (e.closest('.vh, .evitement') || s.display === 'none') continue;
        const defile = ['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1;
        if (defile && !(e.tabIndex >= 0 && e.getAttribute('role') === 'region' && e.getAttribute('aria-label')))
            sans_clavier.push(e.outerHTML.slice(0, 120));
        if (['hidden', 'clip'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1)
            rogne.push(e.outerHTML.slice(0, 120));
        const texte = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!texte) continue;
        if (parseFloat(s.fontSize) < 14 && !e.closest('sup, sub')) petit.push(`${s.fontSize} ${e.outerHTML.slice(0, 80)}`);
        const dans_defilant = e.closest('.defilant');
        const r = e.getBoundingClientRect();
        if (!dans_defilant && (r.right > largeur + 1 || r.left < -1)) debord.push(e.outerHTML.slice(0, 120));
    }
    return {page: document.documentElement.scrollWidth, corps: document.body.scrollWidth, largeur,
            fenetre: innerWidth, debord, sans_clavier, rogne, petit,
            defilants: document.querySelectorAll('.defilant').length}; }"""


def test_sur_un_telephone_de_360_px_rien_ne_deborde(publie: Site, telephone: Any) -> None:
    """At 360 px, every page: laid out for the phone (its meta viewport), no sideways scroll of
    the page; what is wider (a table) scrolls inside its wrapper, which the keyboard reaches and
    which is named; no text cut off or outside the screen; no text under 14 px (but an ordinal's
    superscript, « 1er », read with its number)."""
    problemes = []
    defilants = 0
    for chemin in publie.pages:
        telephone.goto(publie.adresse(chemin))
        m = telephone.evaluate(MESURES_360)
        defilants += m["defilants"]
        if m["fenetre"] != 360:
            problemes.append(f"{chemin.name} : mise en page sur {m['fenetre']} px au lieu de 360 (meta viewport ?)")
        if max(m["page"], m["corps"]) > m["largeur"]:
            problemes.append(f"{chemin.name} : la page défile de côté ({m['page']} px pour {m['largeur']})")
        for cle, quoi in [("debord", "texte hors de l'écran"), ("sans_clavier", "zone défilante sans focus ni nom"),
                          ("rogne", "contenu rogné"), ("petit", "texte de moins de 14 px")]:
            problemes += [f"{chemin.name} : {quoi} : {e}" for e in m[cle][:5]]
    assert problemes == [], f"{publie.nom} à 360 px :\n" + "\n".join(problemes)
    assert defilants >= 1, "aucun tableau dans l'édition : la mesure ne vérifie rien"


def test_chaque_article_de_l_avenant_mene_a_sa_place_dans_le_contrat_consolide(avenant: Site, ecran: Any) -> None:
    """Followed in the browser, each article's link « Voir dans le contrat consolidé » opens the
    consolidated contract's page at the unit the article changes (it exists and is scrolled to)."""
    ecran.goto(avenant.adresse("index.html"))
    liens = ecran.evaluate("() => [...document.querySelectorAll('p.consolide a')].map(a => a.href)")
    assert len(liens) >= 3, liens
    for lien in liens:
        ecran.goto(lien)
        cible = ecran.evaluate(CIBLE)
        assert cible is not None, f"{lien} : ancre absente de la page"
        assert 0 <= cible["haut"] < cible["fenetre"] or cible["defile"] >= cible["fin"] - 1, (lien, cible)


def test_html_et_css_valides_selon_le_validateur_du_w3c(validation_w3c: ValidationW3c) -> None:
    """vnu.jar (the W3C's Nu Html Checker) on every page and the stylesheet of the three editions: no
    error, no warning. A witness page with one planted fault (an image without alternative
    text) shows that the run did check: exactly that fault is reported for it."""
    try:
        sortie, messages_json = validation_w3c.processus.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        pytest.fail("vnu.jar n'a pas fini en 300 s", pytrace=False)
    verifies = set(sortie.split())
    assert verifies == {str(f) for f in validation_w3c.fichiers}, f"vnu n'a pas tout vérifié : {sortie}\n{messages_json[-2000:]}"
    messages = json.loads(messages_json)["messages"]
    fautes = [m for m in messages if m["type"] != "info" or m.get("subType") == "warning"]
    au_temoin = [m["message"] for m in fautes if m["url"].endswith("/" + validation_w3c.temoin.name)]
    assert len(au_temoin) == 1 and "alt" in au_temoin[0], f"le témoin devait avoir une seule faute : {au_temoin}"
    lisibles = [f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine', '?')}: {m['type']} {m.get('subType', '')} : {m['message']}"
                for m in fautes if not m["url"].endswith("/" + validation_w3c.temoin.name)]
    assert lisibles == [], "vnu :\n" + "\n".join(lisibles)


def dossier_captures() -> Path:
    """Where the screenshots go: ``CONTRAT_CAPTURES``, else dist/captures/ (the CI artifact)."""
    return Path(os.environ.get("CONTRAT_CAPTURES") or RACINE / "dist" / "captures")


def _taille_png(chemin: Path) -> tuple[int, int]:
    entete = chemin.read_bytes()[:24]
    assert entete[:8] == b"\x89PNG\r\n\x1a\n", f"{chemin} n'est pas une image PNG"
    largeur, hauteur = struct.unpack(">II", entete[16:24])
    return largeur, hauteur


@pytest.mark.parametrize("fenetre", [TELEPHONE, ECRAN], ids=["360px", "1280px"])
def test_captures_des_chiffres_et_d_un_enjeu(grand_dole: Site, navigateur: Any, fenetre: dict[str, int]) -> None:
    """Screenshots of the key figures and of the enjeux (their tables) of the Grand Dole contract, whole
    pages, at 360 and 1280 px, for people to look at (CI artifact). On a desktop the enjeu tables
    are shown whole, without scrolling inside their wrapper."""
    dossier = dossier_captures()
    dossier.mkdir(parents=True, exist_ok=True)
    contexte = navigateur.new_context(viewport=fenetre, is_mobile=fenetre == TELEPHONE)
    page = contexte.new_page()
    try:
        for nom in ("chiffres", "enjeux"):
            page.goto(grand_dole.adresse(f"chapitre-{nom}.html"))
            if fenetre == ECRAN:
                coupes = page.evaluate("() => [...document.querySelectorAll('.defilant')]"
                                       ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.getAttribute('aria-label'))")
                assert coupes == [], f"chapitre-{nom}.html à 1280 px : tableaux à faire défiler : {coupes}"
            capture = dossier / f"grand-dole-{nom}-{fenetre['width']}px.png"
            capture.unlink(missing_ok=True)
            page.screenshot(path=str(capture), full_page=True)
            largeur, hauteur = _taille_png(capture)
            assert largeur == fenetre["width"] and hauteur > fenetre["height"], (capture, largeur, hauteur)
    finally:
        contexte.close()
