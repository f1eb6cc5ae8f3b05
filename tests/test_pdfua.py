"""The published PDF is accessible (PDF/UA-1) and an accessible archive (PDF/A-3a): read from the
PDF itself (pikepdf) and measured by the two open checkers the project pins (page-validation,
pdfua), on the minimal fixture, the Grand Dole contract, an avenant, a consolidated contract and
a contract in force on a date (issue 23)."""

from __future__ import annotations

import functools
import importlib.util
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import page
import pikepdf
import pytest
from pypdf import PdfReader

from hostiles import _certificat

import scenarios
from conftest import RACINE, Construit, lancer
from depots import dater_signature, depot_signe, enregistrer, figer

MINIMAL = RACINE / "tests" / "fixtures" / "minimal" / "sources"
OUTIL = RACINE / "outils" / "accessibilite_pdf.py"
PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}part"
SCHEMA = "{http://www.aiim.org/pdfa/ns/schema#}namespaceURI"
PEINTURES = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}

CONFORME = {"ua1": set(), "3a": set()}
"""page-validation's PDF/UA-1 and PDF/A-3a profiles, no rule failed (its PDF/A-3b profile fails a
document declaring level A on that declaration alone: 3a checks the 3b rules and its own)."""


@functools.cache
def _outil() -> ModuleType:
    spec = importlib.util.spec_from_file_location("accessibilite_pdf", OUTIL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    fini = lancer("--sources", str(MINIMAL), "--dist", str(dist))
    assert fini.returncode == 0, fini.stderr
    return dist / "contrat-de-ville.pdf"


@pytest.fixture(scope="module")
def depot_avenant(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Grand Dole contract signed, then its avenant n° 1 (shared/scenarios) written in its
    ``dist``."""
    racine = depot_signe(tmp_path_factory.mktemp("depot"), RACINE / "sources", "2024-06-28",
                         lambda sources: dater_signature(sources / "contrat.yaml", "2024-06-28"))
    scenarios.avenant_1(racine / "sources")
    enregistrer(racine, "Avenant n° 1")
    fini = lancer("avenant", "--dist", str(racine / "dist"), cwd=racine)
    assert fini.returncode == 0, fini.stderr
    return racine


@pytest.fixture(scope="module")
def avenant(depot_avenant: Path) -> Path:
    """Avenant n° 1's PDF."""
    (pdf,) = (depot_avenant / "dist").glob("avenant-01*.pdf")
    return pdf


@pytest.fixture(scope="module")
def consolide(depot_avenant: Path) -> Path:
    """The consolidated contract once avenant n° 1 is signed (3 July 2025): its PDF."""
    dater_signature(depot_avenant / "sources" / "avenants" / "avenant-01.yaml", "2025-07-03")
    enregistrer(depot_avenant, "Avenant n° 1 signé")
    figer(depot_avenant, "2025-07-03")
    fini = lancer("--dist", str(depot_avenant / "consolide"), cwd=depot_avenant)
    assert fini.returncode == 0, fini.stderr
    return depot_avenant / "consolide" / "contrat-de-ville.pdf"


def _type_standard(carte: pikepdf.Object, nom: str) -> str:
    """The standard type a role-map name resolves to; fails on a cycle (a name met twice)."""
    vus = [nom]
    while isinstance(carte, pikepdf.Dictionary) and nom in carte:
        nom = str(carte[nom])
        assert nom not in vus, f"cycle dans la table des rôles : {' → '.join([*vus, nom])}"
        vus.append(nom)
    return nom


def _elements(racine: pikepdf.Dictionary) -> list[tuple[str, str]]:
    """(standard type, standard type of its parent) of every structure element, in document order."""
    carte = racine.get("/RoleMap")
    sortie: list[tuple[str, str]] = []
    a_voir = [(k, "/StructTreeRoot") for k in reversed(list(racine.K) if isinstance(racine.K, pikepdf.Array)
                                                        else [racine.K])]
    while a_voir:
        element, parent = a_voir.pop()
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            continue
        standard = _type_standard(carte, str(element.S))
        sortie.append((standard, parent))
        enfants = element.get("/K")
        enfants = list(enfants) if isinstance(enfants, pikepdf.Array) else [enfants]
        a_voir.extend((k, standard) for k in reversed(enfants))
    return sortie


def _peintures_hors_balises(page_pdf: pikepdf.Page) -> int:
    """Paths painted outside any marked content (neither tagged nor artifact)."""
    profondeur, nombre = 0, 0
    for instruction in pikepdf.parse_content_stream(page_pdf):
        operateur = str(instruction.operator) if isinstance(instruction, pikepdf.ContentStreamInstruction) else ""
        profondeur += {"BMC": 1, "BDC": 1, "EMC": -1}.get(operateur, 0)
        nombre += profondeur == 0 and operateur in PEINTURES
    return nombre


def _proprietes_pdfua(chemin: Path) -> None:
    """What PDF/UA-1 asks of the document as a whole, read from the file."""
    with pikepdf.open(chemin) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "3A"  # level A: accessible (ISO 19005-3), as page-validation checks it
        assert meta.get(PDFUAID) == "1"
        # The PDF/UA identification declared as a PDF/A extension schema (else PDF/A fails).
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>" in xmp
        assert "<pdfaProperty:name>part</pdfaProperty:name>" in xmp
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert meta["dc:title"] and "&amp;" not in meta["dc:title"] and "&apos;" not in meta["dc:title"]
        assert str(pdf.Root.Lang) == "fr-FR"
        assert pdf.Root.MarkInfo.Marked is True
        for numero, page_pdf in enumerate(pdf.pages, 1):
            assert page_pdf.obj.get("/Tabs") == pikepdf.Name.S, f"page {numero} : {page_pdf.obj.get('/Tabs')!r}"
            if "/StructParents" in page_pdf.obj:
                assert _peintures_hors_balises(page_pdf) == 0, f"page {numero}"
        racine = pdf.Root.StructTreeRoot
        for nom in racine.get("/RoleMap", {}).keys():
            _type_standard(racine.RoleMap, nom)
        elements = _elements(racine)
        niveaux = [int(t[2]) for t, _ in elements if len(t) == 3 and t.startswith("/H") and t[2].isdigit()]
        assert niveaux and niveaux[0] == 1
        sauts = [(a, b) for a, b in zip(niveaux, niveaux[1:]) if b > a + 1]
        assert sauts == []
        assert [p for t, p in elements if t == "/LI" and p != "/L"] == []
        assert pdf.check_pdf_syntax() == []  # qpdf's own check, as `qpdf --check` runs it


def _echecs(chemin: Path) -> tuple[dict[str, set[str]], Counter[str]]:
    mesure = _outil().mesurer(chemin, ["ua1", "3a"])
    return {p: set(e) for p, e in mesure.echecs_page.items()}, mesure.echecs_pdfua


@pytest.mark.pdf
def test_minimal_pdfua_1_et_pdfa_3a(minimal: Path) -> None:
    _proprietes_pdfua(minimal)
    page_validation, pdfua = _echecs(minimal)
    assert page_validation == CONFORME
    assert pdfua == Counter()  # its key-figure table without a header row: its labels are row headers


def _enfants_balises(e: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    k = e.get("/K")
    enfants = list(k) if isinstance(k, pikepdf.Array) else [k]
    return [x for x in enfants if isinstance(x, pikepdf.Dictionary) and "/S" in x]


def _portee(cellule: pikepdf.Dictionary) -> str:
    """The /Scope of a table cell's attributes, or ""."""
    attributs = cellule.get("/A")
    for a in (list(attributs) if isinstance(attributs, pikepdf.Array) else [attributs]):
        if isinstance(a, pikepdf.Dictionary) and "/Scope" in a:
            return str(a.Scope)
    return ""


def _descendants(e: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    trouves, pile = [], _enfants_balises(e)
    while pile:
        x = pile.pop()
        trouves.append(x)
        pile.extend(_enfants_balises(x))
    return trouves


def _tableaux(pdf: pikepdf.Pdf) -> tuple[list[list[pikepdf.Dictionary]], int]:
    """The descendants of each /Table of the structure tree, and how many paragraphs of a layout
    style (a letterhead's, a signature block's) the document has outside any table."""
    tout = _descendants(pdf.Root.StructTreeRoot)
    tables = [_descendants(t) for t in tout if t.get("/S") == "/Table"]
    dans_les_tables = {x.objgen for t in tables for x in t if x.is_indirect}
    mise_en_page = sum(1 for x in tout if str(x.get("/S")) in ("/Lettre expediteur", "/Signature")
                       and x.objgen not in dans_les_tables)
    return tables, mise_en_page


@pytest.mark.pdf
def test_grand_dole_pdfua_1_et_pdfa_3a(construit: Construit) -> None:
    _proprietes_pdfua(construit.pdf)
    page_validation, pdfua = _echecs(construit.pdf)
    assert page_validation == CONFORME
    assert pdfua == Counter()
    # Its four key-figure tables without a header row have their labels as row headers; its two
    # letterheads and the signature page's grid, laid out for the page, are no data tables.
    with pikepdf.open(construit.pdf) as pdf:
        tables, mise_en_page = _tableaux(pdf)
        assert len(tables) == 16
        assert all(any(x.get("/S") == "/TH" for x in t) for t in tables)
        lignes = [t for t in tables if not any(x.get("/S") == "/TH" and _portee(x) == "/Column" for x in t)]
        assert len(lignes) >= 4 and all(any(_portee(x) == "/Row" for x in t) for t in lignes)
        assert not any(str(x.get("/S")) in ("/Lettre expediteur", "/Signature") for t in tables for x in t)
        assert mise_en_page >= 3


@pytest.mark.pdf
def test_avenant_pdfua_1_et_pdfa_3a(avenant: Path) -> None:
    """The avenant's own « Quote » paragraph style, which LibreOffice remaps from the standard
    type Quote to P, is no longer a remapped standard type."""
    _proprietes_pdfua(avenant)
    with pikepdf.open(avenant) as pdf:
        assert not set(pdf.Root.StructTreeRoot.RoleMap.keys()) & {"/Quote", "/P", "/H1", "/Table"}
    page_validation, pdfua = _echecs(avenant)
    assert page_validation == CONFORME
    assert pdfua == Counter()  # its quoted table rows: their first column as row headers


@pytest.mark.pdf
def test_consolide_et_a_la_date_pdfua_1_et_pdfa_3a(consolide: Path, depot_avenant: Path) -> None:
    """The consolidated contract once avenant n° 1 is signed, and the contract in force on a date
    (the same repository, ``--a-la-date``): PDF/UA-1 and PDF/A-3a."""
    fini = lancer("--dist", str(depot_avenant / "au"), "--a-la-date", "2025-08-01", cwd=depot_avenant)
    assert fini.returncode == 0, fini.stderr
    (a_la_date,) = (depot_avenant / "au").glob("contrat-de-ville-au-2025-08-01.pdf")
    for pdf in (consolide, a_la_date):
        _proprietes_pdfua(pdf)
        page_validation, pdfua = _echecs(pdf)
        assert page_validation == CONFORME, pdf.name
        assert pdfua == Counter(), pdf.name


def _glyphes_prives(pdf: pikepdf.Pdf) -> list[tuple[int, int]]:
    """(page, MCID) of each marked content in which a page shows a code that its font's ToUnicode
    maps to Unicode's private use area (read here with pypdf's own CMap reading, not the finishing's)."""
    lecteur = PdfReader(pdf.filename)
    trouves: list[tuple[int, int]] = []
    for numero, page_pdf in enumerate(pdf.pages):
        polices = page_pdf.obj.Resources.get("/Font", {})
        privees = set()
        for nom in polices.keys():
            lu = lecteur.pages[numero]["/Resources"]["/Font"][nom].get_object()
            cmap = lu["/ToUnicode"].get_data().decode("latin-1") if "/ToUnicode" in lu else ""
            if re.search(r"<(E[0-9A-F]{3}|F[0-8][0-9A-F]{2})>", cmap, re.I):
                privees.add(nom)
        if not privees:
            continue
        pile: list[int | None] = []
        police = None
        for instruction in pikepdf.parse_content_stream(page_pdf):
            operateur = str(instruction.operator)
            if operateur == "BDC":
                proprietes = instruction.operands[1]
                pile.append(int(proprietes.MCID) if isinstance(proprietes, pikepdf.Dictionary)
                            and "/MCID" in proprietes else None)
            elif operateur == "BMC":
                pile.append(None)
            elif operateur == "EMC":
                pile.pop()
            elif operateur == "Tf":
                police = str(instruction.operands[0])
            elif operateur in ("Tj", "TJ") and police in privees:
                trouves.append((numero, next(m for m in reversed(pile) if m is not None)))
    return trouves


@pytest.mark.pdf
def test_puces_lues_comme_des_puces(minimal: Path) -> None:
    """Each bullet LibreOffice draws (OpenSymbol's glyph mapped to U+F0B7, in Unicode's private use
    area) is its list item's label (Lbl) with « • » as its actual text: a screen reader says
    « puce », PDF/A-3a holds; its list item's body keeps the item's text."""
    with pikepdf.open(minimal) as pdf:
        glyphes = _glyphes_prives(pdf)
        assert len(glyphes) >= 3
        racine = pdf.Root.StructTreeRoot
        arbre = pikepdf.NumberTree(racine.ParentTree)
        for numero, mcid in glyphes:
            etiquette = arbre[int(pdf.pages[numero].obj.StructParents)][mcid]
            assert etiquette.S == pikepdf.Name.Lbl and str(etiquette.ActualText) == "•"
            assert etiquette.P.S == pikepdf.Name.LI
            item = _enfants_balises(etiquette.P)
            assert [x.S for x in item] == [pikepdf.Name.Lbl, pikepdf.Name.LBody]
            assert item[0].objgen == etiquette.objgen
            corps = _descendants(item[1])
            assert corps and all(x.get("/ActualText") is None for x in corps)


@pytest.mark.pdf
def test_signe_reste_pdfa_3a(minimal: Path, tmp_path: Path) -> None:
    """A signature (pyHanko, incremental) leaves the document's XMP as built: still PDF/A-3a with
    its PDF/UA declaration; its invisible field, named (/TU) and out of the page, still PDF/UA-1."""
    signe = tmp_path / "signe.pdf"
    signe.write_bytes(minimal.read_bytes())
    p12, pem = _certificat(tmp_path, "Prefete du Jura")
    fini = lancer("sign", str(signe), "--cert", str(p12), "--mot-de-passe", "secret")
    assert fini.returncode == 0, fini.stderr
    with pikepdf.open(signe) as pdf, pikepdf.open(minimal) as original:
        assert pdf.Root.Metadata.read_bytes() == original.Root.Metadata.read_bytes()
    page_validation, _ = _echecs(signe)
    assert page_validation["3a"] == set()
    assert page_validation["ua1"] == set()
    with pikepdf.open(signe) as pdf:
        (champ,) = pdf.Root.AcroForm.Fields
        assert str(champ.TU) == "Signature électronique (Signature1)"
        assert int(champ.F) & 0b110 == 0b100  # printed (PDF/A), not hidden
    fini = lancer("verify", str(signe), "--sources", str(MINIMAL), "--confiance", str(pem))
    assert fini.returncode == 0, fini.stderr + fini.stdout
    assert "intègre et valide" in fini.stdout


def _avec_annexe(minimal: Path, dossier: Path, sans_unicode: bool = False,
                 balisee: bool = False) -> subprocess.CompletedProcess:
    """The minimal contract built with an external PDF annex: its own page 5 (a table with
    bulleted cells, its text in embedded fonts, its marks left from its own structure tree, which
    does not come along), its fonts' ToUnicode taken off if ``sans_unicode``; the whole minimal
    contract as it was built (tagged: PDF/UA) if ``balisee``."""
    sources = dossier / "sources"
    shutil.copytree(MINIMAL, sources)
    (sources / "annexes").mkdir()
    if balisee:
        shutil.copy(minimal, sources / "annexes" / "carte.pdf")
    else:
        _page_5(minimal, sources / "annexes" / "carte.pdf", sans_unicode)
    contrat = sources / "contrat.yaml"
    contrat.write_text(contrat.read_text(encoding="utf-8").replace(
        '  - {code: enjeux, titre: "Les enjeux", inclure: enjeux}\n',
        '  - {code: enjeux, titre: "Les enjeux", inclure: enjeux}\n  - {code: annexes, titre: "Annexes", inclure: annexes}\n')
        + 'annexes:\n  - {code: carte, titre: "Carte du quartier", fichier: annexes/carte.pdf}\n', encoding="utf-8")
    fini = lancer("--sources", str(sources), "--dist", str(dossier / "dist"))
    assert fini.returncode == 0, fini.stderr
    return fini


def _page_5(minimal: Path, cible: Path, sans_unicode: bool) -> None:
    with pikepdf.open(minimal) as contrat_minimal, pikepdf.new() as annexe:
        annexe.pages.append(contrat_minimal.pages[4])
        del annexe.pages[0].obj["/StructParents"]
        for police in annexe.pages[0].obj.Resources.Font.values() if sans_unicode else ():
            del police["/ToUnicode"]
        annexe.save(cible)


def _pages_hors_document(pdf: pikepdf.Pdf) -> int:
    """Structure elements and marked-content references pointing to a page the document no longer has."""
    pages = {p.obj.objgen for p in pdf.pages}
    hors, vus, pile = 0, set(), [pdf.Root.StructTreeRoot]
    while pile:
        element = pile.pop()
        hors += "/Pg" in element and element.Pg.objgen not in pages
        k = element.get("/K")
        for x in (list(k) if isinstance(k, pikepdf.Array) else [k]):
            if isinstance(x, pikepdf.Dictionary) and x.get("/Type") == pikepdf.Name.MCR:
                hors += "/Pg" in x and x.Pg.objgen not in pages
            elif isinstance(x, pikepdf.Dictionary) and x.is_indirect and x.objgen not in vus:
                vus.add(x.objgen)
                pile.append(x)
    return hors


def _annexe_conforme(minimal: Path, tmp_path: Path, balisee: bool = False) -> Path:
    """The minimal contract built with an external PDF annex: the build keeps its PDF/UA claim,
    and both checkers find the file PDF/UA-1 and PDF/A-3a."""
    fini = _avec_annexe(minimal, tmp_path, balisee=balisee)
    assert "PDF/UA" not in fini.stderr
    chemin = tmp_path / "dist" / "contrat-de-ville.pdf"
    _proprietes_pdfua(chemin)
    page_validation, pdfua = _echecs(chemin)
    assert page_validation == CONFORME
    assert pdfua == Counter()
    return chemin


@pytest.mark.pdf
def test_une_annexe_pdf_inseree_comme_une_figure(minimal: Path, tmp_path: Path) -> None:
    """An external PDF annex's page, rebuilt from what it shows, is tagged as one Figure where
    LibreOffice tagged the page it reserved, its alternative text from the sources (its title,
    what it is): the file still claims PDF/UA-1 and PDF/A-3a, and both checkers agree; the
    annex's own marks (another structure tree's) are gone, its bullets read as « • »."""
    chemin = _annexe_conforme(minimal, tmp_path)
    with pikepdf.open(chemin) as pdf:
        assert _pages_hors_document(pdf) == 0
        figures = [e for e in _descendants(pdf.Root.StructTreeRoot) if e.get("/S") == pikepdf.Name.Figure
                   and str(e.get("/Alt", "")).startswith("«\u202fCarte du quartier\u202f»")]
        (figure,) = figures
        alt = re.sub(r"[\u00a0\u202f]", " ", str(figure.Alt)).replace("\u2019", "'")  # French typography's spaces
        assert alt == ("« Carte du quartier », page 1 sur 1 : document joint en PDF, reproduit tel qu'il a été fourni "
                       "(document numérisé ou mis en page hors du contrat) ; son texte n'est pas balisé pour être lu "
                       "par un lecteur d'écran.")
        page_annexe = pikepdf.Page(figure.Pg)
        assert int(figure.K) == 0
        marques = [i for i in pikepdf.parse_content_stream(page_annexe, "BDC BMC")]
        assert str(marques[0].operands[0]) == "/Figure" and int(marques[0].operands[1].MCID) == 0
        assert [m for m in marques[1:] if isinstance(m.operands[-1], pikepdf.Dictionary) and "/MCID" in m.operands[-1]] == []
        assert any(str(m.operands[-1].get("/ActualText", "")) == "•" for m in marques[1:]
                   if isinstance(m.operands[-1], pikepdf.Dictionary))


@pytest.mark.pdf
def test_une_annexe_pdf_balisee_garde_sa_structure(minimal: Path, tmp_path: Path) -> None:
    """A tagged external PDF annex (the minimal contract itself, PDF/UA): its structure tree grafted
    under a Part titled with the annex's title, where LibreOffice tagged the pages it reserved; its
    pages keep their marks, each MCID found again through the parent tree in the Part; its bullets
    still list labels « • »: PDF/UA-1 and PDF/A-3a for both checkers."""
    chemin = _annexe_conforme(minimal, tmp_path, balisee=True)
    with pikepdf.open(chemin) as pdf, pikepdf.open(minimal) as annexe:
        assert _pages_hors_document(pdf) == 0
        (partie,) = [e for e in _descendants(pdf.Root.StructTreeRoot) if e.get("/S") == pikepdf.Name.Part]
        assert str(partie.T) == "Carte du quartier" and str(partie.P.S) == "/Document"
        greffes = {e.objgen for e in _descendants(partie)}
        assert len(greffes) >= len(_descendants(annexe.Root.StructTreeRoot)) - 1
        assert not any(e.get("/S") == pikepdf.Name.Figure and "Carte du quartier" in str(e.get("/Alt", ""))
                       for e in _descendants(pdf.Root.StructTreeRoot))
        etiquettes = [e for e in _descendants(partie) if e.get("/S") == pikepdf.Name.Lbl]
        assert etiquettes and all(str(e.ActualText) == "•" for e in etiquettes)
        arbre = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        page_annexe = pikepdf.Page(etiquettes[0].Pg)  # the annex's page with bullets
        assert page_annexe.index > len(PdfReader(minimal).pages)  # after the contract's own pages
        mcids = [int(m.operands[1].MCID) for m in pikepdf.parse_content_stream(page_annexe, "BDC")
                 if isinstance(m.operands[1], pikepdf.Dictionary) and "/MCID" in m.operands[1]]
        elements = arbre[int(page_annexe.obj.StructParents)]
        assert mcids and all(elements[m].objgen in greffes for m in mcids)


@pytest.mark.pdf
def test_une_annexe_pdf_sans_table_unicode_retire_pdfua_et_le_niveau_a(minimal: Path, tmp_path: Path) -> None:
    """An annex whose fonts map no code to Unicode: its text cannot be read, even in a figure
    (page-validation's UA-1 and 3a profiles reject it): the file no longer claims PDF/UA nor level
    A, only PDF/A-3b (the build says so), rather than claim them falsely; PDF/A-3b holds."""
    fini = _avec_annexe(minimal, tmp_path, sans_unicode=True)
    assert ("« annexes/carte.pdf » page 1 : polices sans table Unicode (BAAAAA+Carlito-Bold, CAAAAA+Carlito, "
            "DAAAAA+Carlito-Italic, EAAAAA+OpenSymbol) : le PDF ne se déclare plus PDF/UA (accessible) ni PDF/A de "
            "niveau A (fournir l'annexe avec des polices à table Unicode, ToUnicode)") in fini.stderr
    chemin = tmp_path / "dist" / "contrat-de-ville.pdf"
    with pikepdf.open(chemin) as pdf:
        assert PDFUAID not in pdf.open_metadata()
        assert pdf.open_metadata().pdfa_status == "3B"
        assert b"pdfuaid" not in pdf.Root.Metadata.read_bytes()  # nor its schema
    assert page.is_pdf_compliant(chemin, profile="3b")
    assert "PDFA3A-UNICODE-MAPPING-001" in _echecs(chemin)[0]["3a"]


@pytest.mark.pdf
def test_pdfuaid_sans_son_schema_casse_pdfa(minimal: Path, tmp_path: Path) -> None:
    """Why the finishing declares the schema: LibreOffice's PDF/UA identification alone is an
    undeclared XMP property, and PDF/A-3a fails."""
    from lxml import etree

    copie = tmp_path / "sans-schema.pdf"
    with pikepdf.open(minimal) as pdf:
        arbre = etree.fromstring(pdf.Root.Metadata.read_bytes())
        for schema in arbre.iter(SCHEMA):
            description = schema.getparent()
            while description.tag != "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description":
                description = description.getparent()
            description.getparent().remove(description)
        pdf.Root.Metadata.write(etree.tostring(arbre))
        pdf.save(copie)
    assert not page.is_pdf_compliant(copie, profile="3a")
    assert page.is_pdf_compliant(minimal, profile="3a")


@pytest.mark.pdf
def test_outil_dit_les_regles_en_echec_en_francais(minimal: Path, tmp_path: Path) -> None:
    """outils/accessibilite_pdf.py on the built PDF, then on a copy without its PDF/UA
    identification nor tab order: the failed rules named, in French, exit 1; a missing file: 2."""
    commande = [sys.executable, str(OUTIL)]
    fini = subprocess.run([*commande, str(minimal)], capture_output=True, text=True, cwd=RACINE)
    assert "page-validation PDF/UA-1 : conforme" in fini.stdout, fini.stdout + fini.stderr
    assert "page-validation PDF/A-3A : conforme" in fini.stdout
    assert "aucun constat" in fini.stdout
    assert fini.returncode == 0

    abime = tmp_path / "abime.pdf"
    with pikepdf.open(minimal) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            del meta[PDFUAID]
        for page_pdf in pdf.pages:
            del page_pdf.obj.Tabs
        pdf.save(abime)
    fini = subprocess.run([*commande, str(abime), "--profils", "ua1"], capture_output=True, text=True, cwd=RACINE)
    assert fini.returncode == 1
    assert "page-validation PDF/UA-1 : 3 règle(s) en échec sur 104" in fini.stdout, fini.stdout
    assert "PDFUA1-ID-PART-001 — identification PDF/UA absente du XMP (pdfuaid:part = 1)" in fini.stdout
    assert "PDFUA1-ID-SCHEMA-001 — schéma d'identification PDF/UA absent du XMP" in fini.stdout
    assert "PDFUA1-PAGE-TABS-001 — page avec annotations sans ordre de tabulation par la structure (/Tabs /S)" \
        in fini.stdout

    fini = subprocess.run([*commande, str(tmp_path / "absent.pdf")], capture_output=True, text=True, cwd=RACINE)
    assert fini.returncode == 2 and "fichier introuvable" in fini.stderr and "Traceback" not in fini.stderr


def _ambigu(donnees: bytes) -> bool:
    import zlib

    return zlib.adler32(donnees) & 0xFF == 0x0D


def _flux_finissant_par_cr(chemin: Path) -> list[str]:
    with pikepdf.open(chemin) as pdf:
        return [f"{o.objgen} {o.get('/Type')}" for o in pdf.objects
                if isinstance(o, pikepdf.Stream) and o.read_raw_bytes().endswith(b"\r")]


def test_police_et_archive_jointe_ne_finissent_pas_par_un_retour_chariot(tmp_path: Path) -> None:
    """A font program and an attached zip archive whose Flate data would end with CR (the Adler-32
    checksum of their bytes, whatever the zlib level): the font gets two 32-bit words more that
    keep TrueType's whole-file checksum (/Length1 with them), the zip a one-space comment (its size
    and MD5 with it); read back, each is what it was."""
    import hashlib
    import io
    import struct
    import zipfile

    from contrat.rendu.finition import enregistrer_sous

    programme = next(p for p in (b"\0\1\0\0" + b"\1" * n for n in range(512)) if _ambigu(p))
    rang = next(n for n in range(1000) if _ambigu(_zip(n)))
    archive = _zip(rang)
    doc = pikepdf.new()
    doc.add_blank_page()
    flux = doc.make_stream(programme, Length1=len(programme))
    police = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType, BaseFont=pikepdf.Name("/X"),
                                FontDescriptor=pikepdf.Dictionary(FontFile2=flux))
    doc.pages[0].obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=doc.make_indirect(police)))
    doc.attachments["sources.zip"] = pikepdf.AttachedFileSpec(doc, archive, filename="sources.zip")
    octets = enregistrer_sous(doc, tmp_path / "fini.pdf")
    assert b"\r\nendstream" not in octets and _flux_finissant_par_cr(tmp_path / "fini.pdf") == []
    with pikepdf.open(tmp_path / "fini.pdf") as relu:
        lu = relu.pages[0].obj.Resources.Font.F1.FontDescriptor.FontFile2
        donnees = lu.read_bytes()
        assert donnees.startswith(programme) and int(lu.Length1) == len(donnees) > len(programme)
        mots = donnees + b"\0" * (-len(donnees) % 4)
        origine = programme + b"\0" * (-len(programme) % 4)
        assert sum(struct.unpack(f">{len(mots) // 4}I", mots)) % 2**32 == \
            sum(struct.unpack(f">{len(origine) // 4}I", origine)) % 2**32
        jointe = relu.attachments["sources.zip"].get_file()
        octets_zip = jointe.read_bytes()
        assert octets_zip != archive and octets_zip[:-3] == archive[:-2]
        assert int(jointe.obj.Params.Size) == len(octets_zip)
        assert bytes(jointe.obj.Params.CheckSum) == hashlib.md5(octets_zip).digest()
        with zipfile.ZipFile(io.BytesIO(octets_zip)) as z:
            assert z.testzip() is None and z.comment == b" "
            assert z.namelist() == ["sources/contrat.yaml"] and z.read("sources/contrat.yaml") == _zip_contenu(rang)


def _zip_contenu(n: int) -> bytes:
    return f"intitule: Contrat {n}\n".encode()


def _zip(n: int) -> bytes:
    import io
    import zipfile

    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("sources/contrat.yaml", date_time=(1980, 1, 1, 0, 0, 0)), _zip_contenu(n))
    return sortie.getvalue()


def test_flux_d_objets_ne_finit_pas_par_un_retour_chariot(tmp_path: Path) -> None:
    """Objects qpdf puts in an object stream whose data would end with CR: saved again with one
    more object made indirect (numbered otherwise, spread otherwise), none ends so; the objects
    read the same, and the same document gives the same bytes."""
    from contrat.rendu.finition import ENREGISTREMENT, enregistrer_sous

    def document(n: int) -> pikepdf.Pdf:
        doc = pikepdf.new()
        doc.add_blank_page()
        doc.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        doc.Root.Essais = pikepdf.Array([doc.make_indirect(pikepdf.Dictionary(N=i, T=pikepdf.String("x" * n)))
                                         for i in range(30)])
        return doc

    def ambigu(n: int) -> bool:
        document(n).save(tmp_path / "brut.pdf", **ENREGISTREMENT)
        return any("ObjStm" in f for f in _flux_finissant_par_cr(tmp_path / "brut.pdf"))

    n = next(n for n in range(2000) if ambigu(n))
    premier = enregistrer_sous(document(n), tmp_path / "fini.pdf")
    assert b"\r\nendstream" not in premier and _flux_finissant_par_cr(tmp_path / "fini.pdf") == []
    assert enregistrer_sous(document(n), tmp_path / "encore.pdf") == premier
    with pikepdf.open(tmp_path / "fini.pdf") as relu:
        assert relu.Root.MarkInfo.Marked is True
        assert [(int(x.N), str(x.T)) for x in relu.Root.Essais] == [(i, "x" * n) for i in range(30)]


def test_aucun_flux_ne_finit_par_un_retour_chariot(tmp_path: Path) -> None:
    """A page content whose Flate data would end with CR (its Adler-32 checksum's last byte),
    then qpdf's line feed before endstream: read as a CR LF marker, its /Length one byte too many
    for PDF/A. The finishing's save gives it a final line feed instead (same drawing)."""
    import zlib

    from contrat.rendu.finition import enregistrer_sous

    contenu = next(c for c in (b"q 1 0 0 1 0 0 cm Q" + b" " * n + b"\n" * m for n in range(64) for m in range(64))
                   if zlib.adler32(c) & 0xFF == 0x0D)
    doc = pikepdf.new()
    doc.add_blank_page()
    doc.pages[0].obj.Contents = doc.make_stream(contenu)
    octets = enregistrer_sous(doc, tmp_path / "fini.pdf")
    assert b"\r\nendstream" not in octets
    with pikepdf.open(tmp_path / "fini.pdf") as relu:
        lu = relu.pages[0].obj.Contents.read_bytes()
        assert lu.startswith(contenu) and len(lu) > len(contenu) and set(lu[len(contenu):]) == {0x0A}
        assert not relu.pages[0].obj.Contents.read_raw_bytes().endswith(b"\r")

