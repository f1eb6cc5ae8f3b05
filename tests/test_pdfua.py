"""The published PDF is accessible (PDF/UA-1) and still an archive (PDF/A-3b): read from the PDF
itself (pikepdf) and measured by the two open checkers the project pins (page-validation, pdfua),
on the minimal fixture and on the Grand Dole contract (issue 23, first increment)."""

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

from hostiles import _certificat

import scenarios
from conftest import RACINE, Construit, lancer
from depots import depot_signe, enregistrer

MINIMAL = RACINE / "tests" / "fixtures" / "minimal" / "sources"
OUTIL = RACINE / "outils" / "accessibilite_pdf.py"
PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}part"
SCHEMA = "{http://www.aiim.org/pdfa/ns/schema#}namespaceURI"
PEINTURES = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}

RESTE_PDFA_3A = {"PDFA3A-ID-CONFORMANCE-001", "PDFA3A-UNICODE-PUA-ACTUALTEXT-001"}
"""What still keeps the PDF from PDF/A-3a: it declares conformance B (it cannot claim A while the
next rule fails), and LibreOffice prints bullets with OpenSymbol glyphs mapped to Unicode's
private use area without /ActualText."""


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
def avenant(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Avenant n° 1 of the Grand Dole contract (shared/scenarios): its PDF."""
    def dater(sources: Path) -> None:  # the signature's date, which the Grand Dole's sources leave out
        contrat = sources / "contrat.yaml"
        texte = contrat.read_text(encoding="utf-8")
        contrat.write_text(re.sub(r'(\n  lieu: "Dole"\n)(  # date: .*\n)?', r'\1  date: "2024-06-28"\n', texte,
                                  count=1), encoding="utf-8")

    racine = depot_signe(tmp_path_factory.mktemp("depot"), RACINE / "sources", "2024-06-28", dater)
    scenarios.avenant_1(racine / "sources")
    enregistrer(racine, "Avenant n° 1")
    fini = lancer("avenant", "--dist", str(racine / "dist"), cwd=racine)
    assert fini.returncode == 0, fini.stderr
    (pdf,) = (racine / "dist").glob("avenant-01*.pdf")
    return pdf


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
        assert meta.pdfa_status == "3B"
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
    mesure = _outil().mesurer(chemin, ["ua1", "3b", "3a"])
    return {p: set(e) for p, e in mesure.echecs_page.items()}, mesure.echecs_pdfua


@pytest.mark.pdf
def test_minimal_pdfua_1_et_pdfa_3b(minimal: Path) -> None:
    _proprietes_pdfua(minimal)
    page_validation, pdfua = _echecs(minimal)
    assert page_validation == {"ua1": set(), "3b": set(), "3a": RESTE_PDFA_3A}
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
def test_grand_dole_pdfua_1_et_pdfa_3b(construit: Construit) -> None:
    _proprietes_pdfua(construit.pdf)
    page_validation, pdfua = _echecs(construit.pdf)
    assert page_validation == {"ua1": set(), "3b": set(), "3a": RESTE_PDFA_3A}
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
def test_avenant_pdfua_1_et_pdfa_3b(avenant: Path) -> None:
    """The avenant's own « Quote » paragraph style, which LibreOffice remaps from the standard
    type Quote to P, is no longer a remapped standard type."""
    _proprietes_pdfua(avenant)
    with pikepdf.open(avenant) as pdf:
        assert not set(pdf.Root.StructTreeRoot.RoleMap.keys()) & {"/Quote", "/P", "/H1", "/Table"}
    page_validation, pdfua = _echecs(avenant)
    assert page_validation == {"ua1": set(), "3b": set(), "3a": RESTE_PDFA_3A}
    assert pdfua == Counter()  # its quoted table rows: their first column as row headers


@pytest.mark.pdf
def test_signe_reste_pdfa_3b(minimal: Path, tmp_path: Path) -> None:
    """A signature (pyHanko, incremental) leaves the document's XMP as built: still PDF/A-3b with
    its PDF/UA declaration; its invisible field, named (/TU) and out of the page, still PDF/UA-1."""
    signe = tmp_path / "signe.pdf"
    signe.write_bytes(minimal.read_bytes())
    p12, pem = _certificat(tmp_path, "Prefete du Jura")
    fini = lancer("sign", str(signe), "--cert", str(p12), "--mot-de-passe", "secret")
    assert fini.returncode == 0, fini.stderr
    with pikepdf.open(signe) as pdf, pikepdf.open(minimal) as original:
        assert pdf.Root.Metadata.read_bytes() == original.Root.Metadata.read_bytes()
    page_validation, _ = _echecs(signe)
    assert page_validation["3b"] == set()
    assert page_validation["ua1"] == set()
    with pikepdf.open(signe) as pdf:
        (champ,) = pdf.Root.AcroForm.Fields
        assert str(champ.TU) == "Signature électronique (Signature1)"
        assert int(champ.F) & 0b110 == 0b100  # printed (PDF/A), not hidden
    fini = lancer("verify", str(signe), "--sources", str(MINIMAL), "--confiance", str(pem))
    assert fini.returncode == 0, fini.stderr + fini.stdout
    assert "intègre et valide" in fini.stdout


@pytest.mark.pdf
def test_une_annexe_pdf_non_balisee_retire_la_declaration_pdfua(tmp_path: Path) -> None:
    """An external PDF annex's pages are inserted rebuilt from what they show, without tags: the
    file no longer claims PDF/UA (the build says so), rather than claim it falsely."""
    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    (sources / "annexes").mkdir()
    annexe = pikepdf.new()
    police = annexe.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                     BaseFont=pikepdf.Name.Helvetica))
    annexe.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=police)),
        Contents=annexe.make_stream(b"BT /F1 24 Tf 72 700 Td (CARTE DU PERIMETRE) Tj ET"))))
    annexe.save(sources / "annexes" / "carte.pdf")
    contrat = sources / "contrat.yaml"
    contrat.write_text(contrat.read_text(encoding="utf-8").replace(
        '  - {code: enjeux, titre: "Les enjeux", inclure: enjeux}\n',
        '  - {code: enjeux, titre: "Les enjeux", inclure: enjeux}\n  - {code: annexes, titre: "Annexes", inclure: annexes}\n')
        + 'annexes:\n  - {code: carte, titre: "Carte du quartier", fichier: annexes/carte.pdf}\n', encoding="utf-8")
    fini = lancer("--sources", str(sources), "--dist", str(tmp_path / "dist"))
    assert fini.returncode == 0, fini.stderr
    assert ("annexe(s) PDF « annexes/carte.pdf » : pages insérées sans balisage (lecteurs d'écran) : le PDF ne se "
            "déclare plus PDF/UA (accessible)") in fini.stderr
    with pikepdf.open(tmp_path / "dist" / "contrat-de-ville.pdf") as pdf:
        assert PDFUAID not in pdf.open_metadata()
        assert b"pdfuaid" not in pdf.Root.Metadata.read_bytes()  # nor its schema


@pytest.mark.pdf
def test_pdfuaid_sans_son_schema_casse_pdfa(minimal: Path, tmp_path: Path) -> None:
    """Why the finishing declares the schema: LibreOffice's PDF/UA identification alone is an
    undeclared XMP property, and PDF/A-3b fails."""
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
    assert not page.is_pdf_compliant(copie, profile="3b")
    assert page.is_pdf_compliant(minimal, profile="3b")


@pytest.mark.pdf
def test_outil_dit_les_regles_en_echec_en_francais(minimal: Path, tmp_path: Path) -> None:
    """outils/accessibilite_pdf.py on the built PDF, then on a copy without its PDF/UA
    identification nor tab order: the failed rules named, in French, exit 1; a missing file: 2."""
    commande = [sys.executable, str(OUTIL)]
    fini = subprocess.run([*commande, str(minimal)], capture_output=True, text=True, cwd=RACINE)
    assert "page-validation PDF/UA-1 : conforme" in fini.stdout, fini.stdout + fini.stderr
    assert "page-validation PDF/A-3B : conforme" in fini.stdout
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

