"""The web edition (``dist/web/``), read as its readers meet it: published with the PDF as one
set, its words the PDF's chapter by chapter, its structure accessible (headings, tables, anchors,
acronyms), no script. HTML read with the standard library's parser; the PDF with pypdf.

How chapters are cut: the web page's chapters are the <section> children of <main> (each opens
with its <h2>: every chapter, then the signature page); the PDF's are its first-level bookmarks
(every chapter and the signature page open a page), each running from its bookmark's page to the
next one's, each page without its running header (the contract's « intitulé ») and its footer
(« Page X / Y »). Words are letters and digits, lower case (punctuation, bullets and dot leaders
left out); what only paper makes is allowed, nothing else (see ``ecarts``).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import RACINE, Construit, lancer

MINIMAL = RACINE / "tests" / "fixtures" / "minimal" / "sources"


EN_LIGNE = frozenset({"a", "abbr", "em", "strong", "sup", "sub", "span", "b", "i", "code"})
"""Elements inside a line of text: no word boundary around them (« 1<sup>er</sup> » is one word)."""
VIDES = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


@dataclass
class Element:
    balise: str
    attributs: dict[str, str]
    enfants: list[Element | str] = field(default_factory=list)

    def texte(self, visible: bool = True) -> str:
        """Its text; ``visible``: without what is visually hidden (class « vh »)."""
        if visible and "vh" in self.attributs.get("class", "").split():
            return ""
        return "".join(e if isinstance(e, str) else e.texte(visible) if e.balise in EN_LIGNE
                       else " " + e.texte(visible) + " " for e in self.enfants)

    def tous(self, balise: str | None = None) -> list[Element]:
        trouves = []
        for e in self.enfants:
            if isinstance(e, Element):
                if balise is None or e.balise == balise:
                    trouves.append(e)
                trouves.extend(e.tous(balise))
        return trouves


class _Lecteur(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.racine = Element("#document", {})
        self.pile = [self.racine]
        self.mal_fermees: list[str] = []

    def handle_starttag(self, balise: str, attrs: list[tuple[str, str | None]]) -> None:
        e = Element(balise, {k: v or "" for k, v in attrs})
        self.pile[-1].enfants.append(e)
        if balise not in VIDES:
            self.pile.append(e)

    def handle_endtag(self, balise: str) -> None:
        if self.pile[-1].balise != balise:
            self.mal_fermees.append(f"</{balise}> ferme <{self.pile[-1].balise}>")
            return
        self.pile.pop()

    def handle_data(self, data: str) -> None:
        self.pile[-1].enfants.append(data)


def lire_html(chemin: Path) -> tuple[Element, list[str]]:
    """The document's tree, and its tags closed out of order (none in a well-formed page)."""
    lecteur = _Lecteur()
    lecteur.feed(chemin.read_text(encoding="utf-8"))
    lecteur.close()
    return lecteur.racine, lecteur.mal_fermees


def mots(texte: str) -> list[str]:
    """The words of a text, as compared: letters and digits only (punctuation, bullets, dot leaders
    and the kind of spaces left out), lower case."""
    return re.findall(r"\w+", texte.lower())


@dataclass
class Chapitre:
    titre: str
    texte: str
    mots: list[str]
    entetes: list[list[str]]
    """The words of each table's header row (the PDF repeats it atop each page the table runs on)."""
    rangees: list[list[str]]
    """The words of each table row (a page break cuts one in parts the PDF reads in turn)."""


def chapitres_html(racine: Element) -> list[Chapitre]:
    """Each section of the page's main (a chapter or the signature page): its heading, its visible
    words, its tables' header rows."""
    main = racine.tous("main")[0]
    sections = [e for e in main.enfants if isinstance(e, Element) and e.balise == "section"]
    resultat = []
    for s in sections:
        titre = next(e for e in s.enfants if isinstance(e, Element) and e.balise == "h2")
        entetes = []
        for table in s.tous("table"):
            legende = [c for c in table.enfants if isinstance(c, Element) and c.balise == "caption"]
            tete = table.tous("thead")
            entetes.append(mots(" ".join(e.texte() for e in legende + tete)))
            entetes.append(mots(" ".join(e.texte() for e in tete)))
        rangees = [mots(r.texte()) for r in s.tous("tr")]
        resultat.append(Chapitre(titre.texte(), s.texte(), mots(s.texte()), [e for e in entetes if len(e) >= 2], rangees))
    return resultat


def chapitres_pdf(pdf: Path, intitule: str) -> list[tuple[str, str]]:
    """(bookmark, text) of each chapter of the PDF, cut at its bookmarks of the first level (every
    chapter and the signature page open a page); each page without its running header (the
    contract's « intitulé ») and its footer (« Page X / Y »)."""
    lecteur = PdfReader(pdf)
    debuts = [(o.title, lecteur.get_destination_page_number(o)) for o in lecteur.outline if not isinstance(o, list)]
    entete = " ".join(intitule.split())
    pages = []
    for page in lecteur.pages:
        lignes = [l for l in page.extract_text().splitlines()
                  if " ".join(l.split()) != entete and not re.fullmatch(r"\s*Page \d+ / \d+\s*", l)]
        pages.append("\n".join(lignes))
    return [(titre, "\n".join(pages[debut:(debuts[k + 1][1] if k + 1 < len(debuts) else len(pages))]))
            for k, (titre, debut) in enumerate(debuts)]


def ecarts(web: Chapitre, pdf: list[str]) -> list[str]:
    """Where the web chapter's words and the PDF's differ, but for what only the PDF's pages make:
    the page numbers after each entry of the list of annexes, a table's header row repeated atop
    each page it runs on, a word cut in two by a narrow column, and the parts of a table row cut
    by a page break (the PDF reads each part of its cells in turn: the same words moved, within
    one row)."""
    html = web.mots
    entetes = [tuple(e) for e in web.entetes]
    rangees = [" " + " ".join(r) + " " for r in web.rangees]

    def entete_repetee(m: list[str]) -> bool:
        # The alignment may begin the repeated header at any of its words (a rotation of it).
        return any(len(m) == len(e) and any(tuple(m) == e[k:] + e[:k] for k in range(len(e))) for e in entetes)

    retires: list[tuple[int, list[str]]] = []
    ajoutes: list[tuple[int, list[str]]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, html, pdf, autojunk=False).get_opcodes():
        if op == "equal" or "".join(html[a1:a2]) == "".join(pdf[b1:b2]):
            continue
        if a2 > a1:
            retires.append((a1, html[a1:a2]))
        if b2 > b1 and not all(m.isdigit() for m in pdf[b1:b2]) and not entete_repetee(pdf[b1:b2]):
            ajoutes.append((a1, pdf[b1:b2]))
    # What a page break moved within a row: the words removed here and added there are the same
    # (the header repeated in between set apart), each removed part inside one row of the page.
    dans_les_rangees = [(a1, m) for a1, m in retires if any(" " + " ".join(m) + " " in r for r in rangees)]
    sans_entete = [(a1, _sans_entetes(m, entetes)) for a1, m in ajoutes]
    if dans_les_rangees and Counter(w for _, m in dans_les_rangees for w in m) == \
            Counter(w for _, m in sans_entete for w in m):
        retires = [x for x in retires if x not in dans_les_rangees]
        ajoutes = []
    trouves = [f"absent du PDF : {' '.join(m)!r} (après « {' '.join(html[max(0, a1 - 6):a1])} »)" for a1, m in retires]
    trouves += [f"absent du web : {' '.join(m)!r} (après « {' '.join(html[max(0, a1 - 6):a1])} »)"
                for a1, m in ajoutes]
    return trouves


def _sans_entetes(m: list[str], entetes: list[tuple[str, ...]]) -> list[str]:
    """``m`` without the header rows it holds (repeated atop a page)."""
    for e in sorted(entetes, key=len, reverse=True):
        k = 0
        while k <= len(m) - len(e):
            if tuple(m[k:k + len(e)]) == e:
                m = m[:k] + m[k + len(e):]
            else:
                k += 1
    return m


ESPACES_TYPOGRAPHIQUES = re.compile(r"(\w*)([ \u00a0\u202f])([:;!?»%€])|(«)([ \u00a0\u202f])(\w*)"
                                    r"|(\d+)(\u202f)(\d{3})(?!\d)")
"""The spaces French typography decides: before : ; ! ? » % €, after «, and the narrow one
between a number's digit groups (a plain space between digits is two cells of a PDF's row)."""


def espaces(texte: str) -> set[tuple[str, str, str]]:
    """Each place French typography put a space: (word before, kind, what follows). pypdf reads a
    no-break space as a space: both are one kind; the narrow one (U+202F) is read as itself. A set:
    the PDF repeats a table's header row atop each page it runs on."""
    places = set()
    for m in ESPACES_TYPOGRAPHIQUES.finditer(texte):
        avant, espace, apres = [g for g in m.groups() if g is not None]
        places.add((avant[-12:], "fine" if espace == "\u202f" else "insécable", apres[:12]))
    return places


@dataclass
class Edition:
    dist: Path
    racine: Element
    mal_fermees: list[str]
    source: str
    intitule: str
    ids: list[str] = field(default_factory=list)
    chapitres: list[tuple[str, Element]] = field(default_factory=list)
    """Each chapter's own page (file name, tree), in the order of the sommaire."""


def _ids(racine: Element) -> list[str]:
    return [e.attributs["id"] for e in racine.tous() if "id" in e.attributs]


def edition(dist: Path) -> Edition:
    chemin = dist / "web" / "index.html"
    racine, mal = lire_html(chemin)
    titre = racine.tous("title")[0].texte().strip()
    nav = racine.tous("nav")[0]
    noms = list(dict.fromkeys(a.attributs["href"].split("#")[0] for a in nav.tous("a")))
    assert noms == [""], noms  # the whole contract's sommaire links within its page
    chapitres = []
    for h2 in racine.tous("main")[0].tous("h2"):
        nom = "signatures.html" if h2.attributs["id"] == "signatures" else f"chapitre-{h2.attributs['id']}.html"
        page, mal_page = lire_html(dist / "web" / nom)
        chapitres.append((nom, page))
        mal += mal_page
    return Edition(dist, racine, mal, chemin.read_text(encoding="utf-8"), titre, _ids(racine), chapitres)


def _pages(e: Edition) -> list[tuple[str, Element]]:
    return [("index.html", e.racine), *e.chapitres]


def _construire(sources: Path, dist: Path) -> Edition:
    fini = lancer("--sources", str(sources), "--dist", str(dist))
    assert fini.returncode == 0, fini.stderr + fini.stdout
    return edition(dist)


@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> Edition:
    return _construire(MINIMAL, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def grand_dole(construit: Construit) -> Edition:
    return edition(construit.dist)


@pytest.fixture(params=["minimal", "grand_dole"])
def site(request: pytest.FixtureRequest) -> Edition:
    return request.getfixturevalue(request.param)


@pytest.mark.pdf
def test_le_site_est_publie_avec_le_pdf_comme_un_seul_ensemble(minimal: Edition) -> None:
    dist = minimal.dist
    # dist/web is one link into the set the PDF belongs to: switched with it, never half-written.
    assert (dist / "web").is_symlink() and (dist / "contrat-de-ville.pdf").is_symlink()
    assert (dist / "web").resolve().parent == (dist / "contrat-de-ville.pdf").resolve().parent
    assert (dist / "web").resolve().parent.parent.name == ".ensembles"
    manifeste = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    publies = sorted(f"web/{f.name}" for f in (dist / "web").iterdir())
    assert {"web/index.html", "web/style.css", "web/chapitre-preambule.html", "web/signatures.html"} <= set(publies)
    assert sorted(n for n in manifeste["sorties"] if n.startswith("web/")) == publies
    for nom in publies:
        assert manifeste["sorties"][nom] == hashlib.sha256((dist / nom).read_bytes()).hexdigest()
    html = minimal.racine.tous("html")[0]
    assert html.attributs["lang"] == "fr"
    # The banner: the cover's version line, the PDF to download (a relative link that resolves).
    bandeau = next(e for e in minimal.racine.tous("div") if "bandeau" in e.attributs.get("class", ""))
    couverture = PdfReader(dist / "contrat-de-ville.pdf").pages[0].extract_text()
    version = next(e for e in bandeau.tous("p") if e.attributs.get("class") == "version").texte()
    assert version.startswith("Version des sources") and " ".join(version.split()) in " ".join(couverture.split())
    liens = [a.attributs["href"] for a in bandeau.tous("a")]
    assert "../contrat-de-ville.pdf" in liens
    telecharger = next(e for e in bandeau.tous("p") if e.attributs.get("class") == "telecharger")
    ko = round((dist / "contrat-de-ville.pdf").stat().st_size / 1024)
    assert telecharger.texte().endswith(f"({ko}\u00a0Ko)")
    assert ((dist / "web") / "../contrat-de-ville.pdf").resolve() == (dist / "contrat-de-ville.pdf").resolve()
    feuille = [l.attributs["href"] for l in minimal.racine.tous("link") if l.attributs.get("rel") == "stylesheet"]
    assert feuille == ["style.css"] and "@media print" in (dist / "web" / "style.css").read_text(encoding="utf-8")


@pytest.mark.pdf
def test_un_nouveau_site_remplace_l_ancien_avec_son_ensemble(minimal: Edition, tmp_path: Path) -> None:
    dist, sources = tmp_path / "dist", tmp_path / "sources"
    shutil.copytree(minimal.dist, dist, symlinks=True)
    shutil.copytree(MINIMAL, sources)
    with (sources / "textes" / "preambule.md").open("a", encoding="utf-8") as f:
        f.write("\nUne phrase ajoutée au préambule.\n")
    avant = (dist / "web").resolve()
    apres = _construire(sources, dist)
    assert (dist / "web").resolve() != avant and not avant.exists()
    assert (dist / "web").resolve().parent == (dist / "contrat-de-ville.pdf").resolve().parent
    assert "Une phrase ajoutée au préambule." in apres.source and "ajoutée" not in minimal.source


@pytest.mark.pdf
def test_le_texte_est_celui_du_pdf_chapitre_par_chapitre(site: Edition) -> None:
    web = chapitres_html(site.racine)
    pdf = chapitres_pdf(site.dist / "contrat-de-ville.pdf", site.intitule)
    assert [" ".join(c.titre.split()) for c in web] == [" ".join(t.split()) for t, _ in pdf]
    differences = {c.titre.strip(): ecarts(c, mots(texte)) for c, (_, texte) in zip(web, pdf)}
    assert not any(differences.values()), {k: v[:3] for k, v in differences.items() if v}
    # French spacing as the PDF's: the same narrow and no-break spaces, chapter by chapter.
    assert [espaces(c.texte) for c in web] == [espaces(texte) for _, texte in pdf]
    # Each chapter's own page prints that chapter, the same words, its sommaire saying which it is.
    for (nom, page), c in zip(site.chapitres, web):
        courants = [a.texte() for a in page.tous("nav")[0].tous("a") if a.attributs.get("aria-current") == "page"]
        assert [" ".join(t.split()) for t in courants] == [" ".join(c.titre.split())], nom
    seuls = [chapitres_html(page) for _, page in site.chapitres]
    assert all(len(c) == 1 for c in seuls) and [c[0].mots for c in seuls] == [c.mots for c in web]


@pytest.mark.pdf
def test_structure_accessible(site: Edition) -> None:
    assert site.mal_fermees == []
    assert not re.search(r"<[^>]*\son[a-z]+=", "".join(f.read_text(encoding="utf-8")
                                                      for f in (site.dist / "web").glob("*.html")))
    assert site.racine.tous("table") and len(site.chapitres) >= 4
    for nom, racine in _pages(site):
        _structure_accessible(racine, nom)
    # Every link between the pages leads to a page of the site and, with an anchor, to that anchor.
    ids = {nom: set(_ids(racine)) for nom, racine in _pages(site)}
    for nom, racine in _pages(site):
        for a in racine.tous("a"):
            href = a.attributs["href"]
            if href.startswith(("http:", "https:", "mailto:", "../")) or href.endswith(".pdf"):
                continue
            fichier, _, ancre = href.partition("#")
            assert (fichier or nom) in ids, (nom, href)
            assert not ancre or ancre in ids[fichier or nom], (nom, href)


def _structure_accessible(racine: Element, nom: str) -> None:
    assert not racine.tous("script"), nom
    # Headings: one h1, then never a level skipped.
    niveaux = [int(e.balise[1]) for e in racine.tous() if re.fullmatch(r"h[1-6]", e.balise)]
    assert niveaux[0] == 1 and niveaux.count(1) == 1, nom
    sauts = [(a, b) for a, b in zip(niveaux, niveaux[1:]) if b > a + 1]
    assert sauts == [], nom
    # Anchors unique; every chapter is in the sommaire.
    ids = _ids(racine)
    assert len(ids) == len(set(ids)), nom
    cibles = [a.attributs["href"].partition("#")[2] for a in racine.tous("nav")[0].tous("a")]
    chapitres = [h.attributs["id"] for h in racine.tous("main")[0].tous("h2")]
    assert chapitres and set(chapitres) <= set(cibles), nom
    # Tables: a caption and header cells each, in a scrolling region the keyboard reaches.
    tables = racine.tous("table")
    for t in tables:
        assert [e.balise for e in t.enfants if isinstance(e, Element)][0] == "caption"
        ths = t.tous("th")
        assert ths and all(th.attributs.get("scope") in ("col", "row", "rowgroup") for th in ths)
    regions = [e for e in racine.tous("div") if "defilant" in e.attributs.get("class", "")]
    assert len(regions) == len(tables)
    assert all(r.attributs.get("tabindex") == "0" and r.attributs.get("aria-label") for r in regions)


@pytest.mark.pdf
def test_chiffres_alignes_a_droite_et_en_tetes_de_colonnes(grand_dole: Edition) -> None:
    tables = grand_dole.racine.tous("table")
    comparaison = next(t for t in tables if t.attributs.get("id") == "chiffres/comparaison-demandeurs-emploi")
    assert [" ".join(th.texte().split()) for th in comparaison.tous("thead")[0].tous("th")] == \
        ["2022", "2023", "Évolution", "Évolution (%)"]
    valeurs = comparaison.tous("tbody")[0].tous("td")
    assert valeurs and all(td.attributs.get("class") == "nombre" for td in valeurs)
    assert "nombre" in (grand_dole.dist / "web" / "style.css").read_text(encoding="utf-8")
    enjeu = next(t for t in tables if t.attributs.get("id") == "enjeux/acces-parcours-professionnel/tableau")
    assert len(enjeu.tous("thead")[0].tous("th")) == 5
    assert all(th.attributs.get("scope") == "row" for th in enjeu.tous("tbody")[0].tous("th"))


def _sigles_de_la_liste(e: Edition) -> dict[str, str]:
    tableau = next(t for t in e.racine.tous("table") if t.attributs.get("id") == "sigles/sigles")
    return {" ".join(r.tous("th")[0].texte().split()): " ".join(r.tous("td")[0].texte().split())
            for r in tableau.tous("tbody")[0].tous("tr")}


@pytest.mark.pdf
def test_l_epigraphe_sur_la_page_du_contrat_entier_seulement(grand_dole: Edition) -> None:
    """The cover's epigraph heads the whole contract's page; a chapter's page, read on a phone,
    starts with the title and the chapter a screen sooner (its banner still says the version)."""
    def classes(racine: Element) -> list[str]:
        return [e.attributs.get("class", "") for e in racine.tous("header")[0].tous()]

    assert "epigraphe" in classes(grand_dole.racine)
    for nom, page in grand_dole.chapitres:
        assert "epigraphe" not in classes(page) and "version" in classes(page), nom
        assert [h.texte() for h in page.tous("h1")] == [h.texte() for h in grand_dole.racine.tous("h1")], nom


def test_sigles_en_abreviations(grand_dole: Edition, minimal: Edition) -> None:
    liste = _sigles_de_la_liste(grand_dole)
    marques: dict[str, set[str]] = {}
    for a in grand_dole.racine.tous("abbr"):
        marques.setdefault(a.texte(), set()).add(" ".join(a.attributs["title"].split()))
    # Every acronym of the list is marked where it is printed, with the list's meaning.
    definis = {s: sens for s, sens in liste.items() if sens != "—"}  # « — »: no meaning to give
    assert len(definis) > 50 and set(definis) <= set(marques)
    assert all(marques[s] == {sens} for s, sens in definis.items())
    assert not set(liste).difference(definis) & set(marques)
    # Outside the list too: the chapters' text.
    preambule = grand_dole.racine.tous("main")[0].tous("section")[0]
    assert any(a.texte() == "CIV" for a in preambule.tous("abbr"))
    # A contract without a list of acronyms: the registry's meanings.
    abbr = {a.texte(): a.attributs["title"] for a in minimal.racine.tous("abbr")}
    assert abbr["QPV"] == "Quartier prioritaire de la politique de la ville" and abbr["CAF"].startswith("Caisse")


@pytest.mark.pdf
def test_ancres_stables_construites_des_codes(minimal: Edition, tmp_path: Path) -> None:
    # The same sources built again, with a chapter, an enjeu and an axe inserted before the others:
    # every unit keeps its anchor (its codes), the new ones get theirs.
    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    chemin = sources / "contrat.yaml"
    contrat = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    contrat["chapitres"].insert(1, {"code": "contexte", "titre": "Contexte", "texte": "textes/preambule.md"})
    axe = dict(contrat["enjeux"][0]["axes"][0], code="mobilite", titre="Mobilité")
    contrat["enjeux"][0]["axes"].insert(0, axe)
    sante = [dict(a, code=f"sante-{a['code']}") for a in contrat["enjeux"][0]["axes"]]
    contrat["enjeux"].insert(0, dict(contrat["enjeux"][0], code="sante", titre="Santé", axes=sante))
    contrat = json.loads(json.dumps(contrat))  # no shared objects: YAML would write them as anchors
    chemin.write_text(yaml.safe_dump(contrat, allow_unicode=True, sort_keys=False), encoding="utf-8")
    modifie = _construire(sources, tmp_path / "dist")
    for ancre in ("preambule", "chiffres", "chiffres/les-tilleuls", "chiffres/population",
                  "chiffres/population/habitants", "enjeux", "enjeux/emploi", "enjeux/emploi/insertion",
                  "signatures", "signatures/prefet"):
        assert ancre in minimal.ids and ancre in modifie.ids, ancre
    assert {"contexte", "enjeux/sante", "enjeux/emploi/mobilite"} <= set(modifie.ids)
    # The numbering moved (« II/ » became « III/ »); the anchors did not.
    titre = next(h for h in modifie.racine.tous("h2") if h.attributs.get("id") == "enjeux")
    assert titre.texte().startswith("III/")


@pytest.mark.pdf
def test_annexe_pdf_en_lien_avec_sa_taille(tmp_path: Path) -> None:
    import pikepdf

    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    carte = pikepdf.new()
    carte.add_blank_page(page_size=(595, 842))
    carte.add_blank_page(page_size=(595, 842))
    carte.save(sources / "carte.pdf")
    with (sources / "contrat.yaml").open("a", encoding="utf-8") as f:
        f.write('annexes:\n  - {code: carte, titre: "Carte du quartier", fichier: "carte.pdf"}\n')
    contrat = (sources / "contrat.yaml").read_text(encoding="utf-8")
    (sources / "contrat.yaml").write_text(contrat.replace(
        '  - {code: enjeux, titre: "Les enjeux", inclure: enjeux}\n',
        '  - {code: enjeux, titre: "Les enjeux", inclure: enjeux}\n'
        '  - {code: annexes, titre: "Annexes", inclure: annexes}\n'), encoding="utf-8")
    site = _construire(sources, tmp_path / "dist")
    joint = site.dist / "web" / "annexes" / "carte.pdf"
    assert joint.read_bytes() == (sources / "carte.pdf").read_bytes()
    lien = next(a for a in site.racine.tous("a") if a.attributs.get("href") == "annexes/carte.pdf")
    paragraphe = next(p for p in site.racine.tous("p") if lien in p.enfants)
    assert re.fullmatch(r"Document PDF \(\d+\u00a0Ko\)", paragraphe.texte().strip())
    # Its heading, linked from the list of annexes.
    assert "annexes/carte" in site.ids
    assert any(a.attributs.get("href") == "#annexes/carte" for a in site.racine.tous("a"))


@pytest.mark.pdf
def test_ordinaux_en_exposant_comme_dans_le_pdf(minimal: Edition) -> None:
    # « le 1er juillet 2024 », written by the engine: its suffix raised, as the Word writer raises it.
    fait_a = next(p for p in minimal.racine.tous("p") if p.attributs.get("class") == "fait_a")
    assert [e.texte() for e in fait_a.tous("sup")] == ["er"] and "1er juillet" in fait_a.texte()


@pytest.mark.pdf
def test_un_autre_ensemble_publie_a_cote_a_son_propre_site(minimal: Edition, tmp_path: Path) -> None:
    # A point-in-time build is published beside the contract (its own set): each keeps its site.
    from contrat.application.construction import OptionsConstruction, construire
    from contrat.application.publication import publier

    dist = tmp_path / "dist"
    shutil.copytree(minimal.dist, dist, symlinks=True)
    autre = construire(MINIMAL, OptionsConstruction(nom="contrat-de-ville-au-2024-07-01"))
    publier(dist, autre.fichiers, autre.nom)
    assert (dist / "web" / "index.html").read_text(encoding="utf-8") == minimal.source
    site = (dist / "contrat-de-ville-au-2024-07-01-web" / "index.html").read_text(encoding="utf-8")
    assert 'href="../contrat-de-ville-au-2024-07-01.pdf"' in site
    assert ((dist / "contrat-de-ville-au-2024-07-01-web") / "../contrat-de-ville-au-2024-07-01.pdf").resolve().is_file()


@pytest.mark.pdf
def test_renvois_aux_annexes_en_liens(grand_dole: Edition) -> None:
    # « (Annexe n°1) » in the préambule refers to the annex « civ » (``[…](#civ)`` in its source):
    # a link to its heading, on this page or on the annexes' page.
    preambule = grand_dole.racine.tous("main")[0].tous("section")[0]
    assert "#annexes/civ" in [a.attributs["href"] for a in preambule.tous("a")]
    page = dict(grand_dole.chapitres)["chapitre-preambule.html"]
    assert "chapitre-annexes.html#annexes/civ" in [a.attributs["href"] for a in page.tous("main")[0].tous("a")]
    assert "\x00" not in grand_dole.source


@pytest.mark.pdf
def test_listes_en_listes(grand_dole: Edition, minimal: Edition) -> None:
    # A numbered list of the sources is an <ol>, bullets a <ul>, a measure's sub-items a list in its item.
    assert [" ".join(li.texte().split()) for li in minimal.racine.tous("ol")[-1].tous("li")] == \
        ["Premier point", "Second point"]
    preambule = grand_dole.racine.tous("main")[0].tous("section")[0]
    assert [" ".join(li.texte().split()) for li in preambule.tous("ul")[0].tous("li")] == [
        "Des quartiers du plein emploi", "Des quartiers d'émancipation", "Des quartiers en transition",
        "Des quartiers plus sûrs et plus tranquilles."]
    renovation = next(h for h in grand_dole.racine.tous("h5")
                      if h.attributs.get("id") == "annexes/civ/mesures/transition-ecologique/renovation-urbaine")
    theme = next(s for s in grand_dole.racine.tous("section") if renovation in s.enfants)
    item = theme.tous("ul")[0].enfants[1]
    assert isinstance(item, Element) and item.balise == "li" and len(item.tous("ul")[0].tous("li")) == 2
