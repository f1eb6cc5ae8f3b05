"""Hostile PDFs and archives: an annex whose page tree loops or sinks 10 000 levels deep, a bomb in
a form, an image or a font, JavaScript and files hidden in a page's resources, a cyclic form tree,
an embedded sources archive with crafted entries. Each ends as documented (exit 1 and a French
message naming the file, or a build that keeps only what the annex shows), never as a traceback
or an internal error (exit 70), in a process bounded to 60 s and 1 Go.
"""

from __future__ import annotations

import io
import shutil
import stat
import struct
import subprocess
import sys
import warnings
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from hostiles import (
    ACTIONS_INTERDITES,
    MINIMAL,
    _annexe,
    _limiter,
    _remplacer_sources_jointes,
    _sources_minimales,
    contrat_signe,
    verifier,
)

from conftest import RACINE, lancer_processus, textes_pdf

signe_ = pytest.fixture(scope="module", name="signe")(contrat_signe)

DELAI = 60


def _borne(*args: str) -> subprocess.CompletedProcess:
    """``build.py ARGS`` in a process limited to 1 Go and 60 s (a hang fails the test)."""
    return lancer_processus(*args, timeout=DELAI, preexec_fn=_limiter)


def _sans_trace(fini: subprocess.CompletedProcess) -> None:
    assert fini.returncode != 70 and "Traceback" not in fini.stderr and "Erreur interne" not in fini.stderr, \
        fini.stderr[-2000:]


# --- hostile PDFs, written byte by byte (pikepdf repairs a cyclic tree when it saves) -----------------


def _pdf_brut(objets: dict[int, bytes]) -> bytes:
    """A PDF with these numbered objects (1 is the catalog) and a correct cross-reference table."""
    sortie = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    positions = {}
    for n in sorted(objets):
        positions[n] = len(sortie)
        sortie += b"%d 0 obj\n" % n + objets[n] + b"\nendobj\n"
    table, taille = len(sortie), max(objets) + 1
    sortie += b"xref\n0 %d\n0000000000 65535 f \n" % taille
    for n in range(1, taille):
        sortie += b"%010d 00000 n \n" % positions[n] if n in positions else b"0000000000 65535 f \n"
    sortie += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (taille, table)
    return bytes(sortie)


def _flux(donnees: bytes, dictionnaire: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(donnees), dictionnaire) + donnees + b"\nendstream"


TEXTE = _flux(b"BT /F1 24 Tf 72 700 Td (ANNEXE) Tj ET")
POLICE = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
RESSOURCES = b"<< /Font << /F1 5 0 R >> >>"


def _arbre(pages: bytes, page: bytes, **autres: bytes) -> dict[int, bytes]:
    """Catalog 1, page tree root 2, page 3, its content 4, its font 5, and other objects."""
    return {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: pages, 3: page, 4: TEXTE, 5: POLICE,
            **{int(n[1:]): v for n, v in autres.items()}}


def _parent_cyclique() -> bytes:
    """The page is its own /Parent: a reader inheriting an attribute follows it for ever."""
    return _pdf_brut(_arbre(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"))


def _ressources_par_un_parent_cyclique() -> bytes:
    """The page inherits its /Resources; above the tree's root, /Parent loops back to it."""
    return _pdf_brut(_arbre(b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 6 0 R >>",
                            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                            o6=b"<< /Type /Pages /Parent 2 0 R /Kids [] /Resources " + RESSOURCES + b" >>"))


def _kids_cyclique() -> bytes:
    return _pdf_brut(_arbre(b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 /MediaBox [0 0 595 842] >>",
                            b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources " + RESSOURCES + b" >>",
                            o6=b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"))


def _arbre_profond(niveaux: int = 10_000) -> bytes:
    objets = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    for i in range(niveaux):
        parent = b"/Parent %d 0 R " % (i + 1) if i else b""
        objets[i + 2] = b"<< /Type /Pages %s/Kids [%d 0 R] /Count 1 >>" % (parent, i + 3)
    page = niveaux + 2
    objets[page] = (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                    b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (page - 1, page + 1, page + 2))
    objets[page + 1], objets[page + 2] = TEXTE, POLICE
    return _pdf_brut(objets)


def _formes_imbriquees(niveaux: int = 10_000) -> bytes:
    """A form that draws a form that draws a form... 10 000 deep."""
    objets = _arbre(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                    b"/Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>")
    for i in range(niveaux):
        suite = b"/Resources << /XObject << /X %d 0 R >> >>" % (i + 7) if i < niveaux - 1 else b""
        objets[i + 6] = _flux(b"/X Do", b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] " + suite)
    return _pdf_brut(objets)


def _forme_qui_se_dessine() -> bytes:
    """Form 6 draws form 7, which draws form 6 (a form listing itself in its resources without
    drawing itself, as some writers do, is admitted: the annexes of the other cases)."""
    objets = _arbre(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                    b"/Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>")
    objets[4] = _flux(b"BT /F1 24 Tf 72 700 Td (ANNEXE) Tj ET /X Do")
    for n, autre in ((6, 7), (7, 6)):
        objets[n] = _flux(b"/X Do", b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] "
                                    b"/Resources << /XObject << /X %d 0 R >> >>" % autre)
    return _pdf_brut(objets)


def _objets_par_centaines_de_milliers(nombre: int = 120_000, pages: int = 300) -> bytes:
    """300 pages whose resources all reach the same 120 000 objects (walked once, then refused)."""
    feuilles = range(10, 10 + pages)
    objets = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 4: TEXTE, 5: POLICE,
              2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % n for n in feuilles), pages),
              6: b"[" + b" ".join(b"%d 0 R" % (1000 + i) for i in range(nombre)) + b"]"}
    for n in feuilles:
        objets[n] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources "
                     b"<< /Font << /F1 5 0 R >> /Properties << /Calque << /Liste 6 0 R >> >> >> >>")
    for i in range(nombre):
        objets[1000 + i] = b"<< /N %d >>" % i
    return _pdf_brut(objets)


def _bombe(mo: int, fois: int = 1) -> bytes:
    """``mo`` Mo of zeros compressed ``fois`` times (a few hundred Ko, then a few Ko)."""
    compresseur = zlib.compressobj(9)
    bloc = bytes(1 << 20)
    donnees = b"".join(compresseur.compress(bloc) for _ in range(mo)) + compresseur.flush()
    for _ in range(fois - 1):
        donnees = zlib.compress(donnees, 9)
    return donnees


def _annexe_avec(ressource: bytes, objet6: bytes) -> bytes:
    return _pdf_brut(_arbre(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                            b"/Resources << /Font << /F1 5 0 R >> " + ressource + b" >> >>", o6=objet6))


def _bombe_dans_une_forme() -> bytes:
    return _annexe_avec(b"/XObject << /Fm 6 0 R >>", _flux(_bombe(150), b"/Type /XObject /Subtype /Form "
                                                                          b"/BBox [0 0 10 10] /Filter /FlateDecode"))


def _bombe_dans_une_image() -> bytes:
    return _annexe_avec(b"/XObject << /Im 6 0 R >>", _flux(_bombe(150), b"/Type /XObject /Subtype /Image /Width 10000 "
                                                                          b"/Height 15000 /ColorSpace /DeviceGray "
                                                                          b"/BitsPerComponent 8 /Filter /FlateDecode"))


def _bombe_dans_une_police() -> bytes:
    """A font program compressed twice: the first stage is small, the second is the bomb."""
    objets = _arbre(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources "
                    + RESSOURCES + b" >>")
    objets[5] = (b"<< /Type /Font /Subtype /TrueType /BaseFont /Piege /FirstChar 32 /LastChar 32 /Widths [500] "
                 b"/FontDescriptor 6 0 R >>")
    objets[6] = (b"<< /Type /FontDescriptor /FontName /Piege /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
                 b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>")
    objets[7] = _flux(_bombe(300, fois=2), b"/Filter [/FlateDecode /FlateDecode]")
    return _pdf_brut(objets)


CAS_CHECK: list[tuple[str, Callable[[], bytes], str]] = [
    ("parent-cyclique", _parent_cyclique, "chaîne /Parent cyclique (l'objet 3 0 y revient) : PDF refusé"),
    ("ressources-heritees-par-un-parent-cyclique", _ressources_par_un_parent_cyclique,
     "chaîne /Parent cyclique (l'objet 2 0 y revient) : PDF refusé"),
    ("kids-cyclique", _kids_cyclique, "arbre des pages cyclique (l'objet 2 0 y revient) : PDF refusé"),
    ("arbre-de-10000-niveaux", _arbre_profond, "arbre des pages trop profond (plus de 64 niveaux) : PDF refusé"),
    ("formes-sur-10000-niveaux", _formes_imbriquees, "objets imbriqués sur plus de 64 niveaux : PDF refusé"),
    ("forme-qui-se-dessine-elle-meme", _forme_qui_se_dessine,
     "forme qui se dessine elle-même (l'objet 6 0) : PDF refusé"),
    ("objets-par-centaines-de-milliers", _objets_par_centaines_de_milliers,
     "plus de 100000 objets atteints par les pages : PDF refusé"),
    ("bombe-dans-une-forme", _bombe_dans_une_forme, "contenu des pages démesuré une fois décompressé (plus de 100 Mo)"),
    ("bombe-dans-une-image", _bombe_dans_une_image, "contenu des pages démesuré une fois décompressé (plus de 100 Mo)"),
    ("bombe-double-dans-une-police", _bombe_dans_une_police, "contenu des pages démesuré une fois décompressé"),
]


def _sources_avec_annexe(racine: Path, pdf: bytes) -> Path:
    sources = racine / "sources"
    shutil.copytree(MINIMAL, sources)
    (sources / "annexes").mkdir()
    (sources / "annexes" / "carte.pdf").write_bytes(pdf)
    _annexe(sources, "annexes/carte.pdf")
    return sources


@pytest.mark.parametrize("fabrique, attendu", [c[1:] for c in CAS_CHECK], ids=[c[0] for c in CAS_CHECK])
def test_check_refuse_une_annexe_cyclique_profonde_ou_explosive(tmp_path: Path, fabrique: Callable[[], bytes],
                                                                attendu: str) -> None:
    fini = verifier(_sources_avec_annexe(tmp_path, fabrique()))
    assert fini.returncode == 1, fini.stdout + fini.stderr
    assert "fichier PDF « annexes/carte.pdf » : " + attendu in fini.stderr, fini.stderr
    _sans_trace(fini)


@pytest.mark.parametrize("fabrique", [_parent_cyclique, _kids_cyclique, _arbre_profond],
                         ids=["parent-cyclique", "kids-cyclique", "arbre-de-10000-niveaux"])
def test_la_construction_refuse_aussi_l_annexe_cyclique(tmp_path: Path, fabrique: Callable[[], bytes]) -> None:
    """``build.py`` checks first (exit 1, same message); and the build's own code, given the annex
    without any check (as an avenant joining it would), refuses it in its turn, without looping."""
    sources = _sources_avec_annexe(tmp_path, fabrique())
    fini = _borne("--sources", str(sources), "--dist", str(tmp_path / "dist"))
    assert fini.returncode == 1 and "fichier PDF « annexes/carte.pdf » : " in fini.stderr, fini.stderr
    _sans_trace(fini)
    script = ("import sys, pikepdf\n"
              "from contrat.erreurs import ErreurRendu\n"
              "from contrat.rendu.finition import page_sure\n"
              "source = pikepdf.open(sys.argv[1], inherit_page_attributes=False)\n"
              "try:\n"
              "    page_sure(pikepdf.new(), source, 0)\n"
              "except ErreurRendu as exc:\n"
              "    print(exc.message)\n")
    fini = subprocess.run([sys.executable, "-c", script, str(sources / "annexes" / "carte.pdf")], capture_output=True,
                          text=True, timeout=DELAI, preexec_fn=_limiter, cwd=RACINE)
    assert fini.returncode == 0, fini.stderr
    assert "annexe « carte.pdf » : " in fini.stdout and "PDF refusé" in fini.stdout, fini.stdout


def test_qpdf_seul_ne_sait_pas_lire_ces_arbres() -> None:
    """Why the annex's page tree is walked by hand: qpdf's own walk (``pdf.pages``) raises on a
    /Kids cycle and on a deep tree, and finds no page at all under a cyclic /Parent."""
    with pikepdf.open(io.BytesIO(_kids_cyclique()), inherit_page_attributes=False) as pdf, \
            pytest.raises(pikepdf.PdfError, match="Loop detected"):
        len(pdf.pages)
    with pikepdf.open(io.BytesIO(_arbre_profond()), inherit_page_attributes=False) as pdf, \
            pytest.raises(pikepdf.PdfError, match="too deeply nested"):
        len(pdf.pages)


# --- active content hidden in the resources -------------------------------------------------------------


def _annexe_a_contenu_cache(chemin: Path) -> None:
    """One page that shows three texts (its own, a form's, a nested form's) and an image, and hides
    JavaScript, actions, attached files and annotations in every kind of resource; the document
    also has a cyclic form tree."""
    pdf = pikepdf.new()
    js = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('piege')")))
    fichier = pdf.make_stream(b"MZ charge", Type=pikepdf.Name.EmbeddedFile)
    specification = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String("charge.exe"),
                                                         EF=pikepdf.Dictionary(F=fichier)))
    police = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                  BaseFont=pikepdf.Name.Helvetica, AA=pikepdf.Dictionary(O=js),
                                                  JS=pikepdf.String("app.alert(3)")))
    annotation = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                                                      Rect=[0, 0, 595, 842], A=js))
    interieure = pdf.make_stream(b"BT /F1 14 Tf 72 560 Td (FORME INTERIEURE) Tj ET", Type=pikepdf.Name.XObject,
                                 Subtype=pikepdf.Name.Form, BBox=[0, 0, 595, 842],
                                 Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=police),
                                                              Names=pikepdf.Dictionary(EmbeddedFiles=pikepdf.Dictionary(
                                                                  Names=pikepdf.Array([pikepdf.String("x"),
                                                                                       specification]))),
                                                              JavaScript=js))
    forme = pdf.make_stream(b"BT /F1 18 Tf 72 620 Td (FORME VISIBLE) Tj ET /Interieure Do", Type=pikepdf.Name.XObject,
                            Subtype=pikepdf.Name.Form, BBox=[0, 0, 595, 842], AA=pikepdf.Dictionary(O=js),
                            Annots=pikepdf.Array([annotation]),
                            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=police),
                                                         XObject=pikepdf.Dictionary(Interieure=interieure)))
    forme.Resources.XObject.Soi = forme  # listed, never drawn (some writers share resources so): admitted
    image = pdf.make_stream(bytes(range(256)) * 4, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=32,
                            Height=32, ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8, EF=specification)
    postscript = pdf.make_stream(b"%!PS", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.PS)
    image.F = pikepdf.Dictionary(FS=pikepdf.Name.URL, F=pikepdf.String("https://exemple.fr/pixel"))  # external data
    degrade = pdf.make_indirect(pikepdf.Dictionary(
        ShadingType=2, ColorSpace=pikepdf.Name.DeviceRGB, Coords=[300, 0, 550, 0], Extend=[True, True], A=js,
        Function=pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0, 0], C1=[0, 0, 1], N=1)))
    motif = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Pattern, PatternType=2, Shading=degrade,
                                                 Next=js))
    calque = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name=pikepdf.String("calque"), A=js,
                                                  Usage=pikepdf.Dictionary(View=pikepdf.Dictionary(AA=js))))
    etat = pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, CA=1, AA=pikepdf.Dictionary(O=js), EF=specification)
    contenu = (b"BT /F1 24 Tf 72 700 Td (ANNEXE VISIBLE) Tj ET /GS1 gs /Forme Do "
               b"q 100 0 0 100 72 300 cm /Image Do Q /OC /Calque BDC BT /F1 12 Tf 72 200 Td (CALQUE) Tj ET EMC "
               b"q /Pattern cs /Motif scn 300 300 100 100 re f Q q 400 450 150 100 re W n /Degrade sh Q")
    ressources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(F1=police), XObject=pikepdf.Dictionary(Forme=forme, Image=image, PS=postscript),
        ExtGState=pikepdf.Dictionary(GS1=etat), Pattern=pikepdf.Dictionary(Motif=motif),
        Shading=pikepdf.Dictionary(Degrade=degrade), Properties=pikepdf.Dictionary(Calque=calque),
        ColorSpace=pikepdf.Dictionary(CS=pikepdf.Array([pikepdf.Name.Indexed, pikepdf.Name.DeviceRGB, 0,
                                                        pikepdf.String("abc")])),
        JavaScript=js, EmbeddedFiles=specification)
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
                                                     Contents=pdf.make_stream(contenu), Resources=ressources)))
    champ_a = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("a"), FT=pikepdf.Name.Tx, A=js))
    champ_b = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("b"), Parent=champ_a,
                                                   Kids=pikepdf.Array([champ_a])))
    champ_a.Kids, champ_a.Parent = pikepdf.Array([champ_b]), champ_b
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([champ_a]))
    chemin.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(chemin)


def _objets_profonds(pdf: pikepdf.Pdf):  # noqa: ANN202
    """Every dictionary and stream of the file, the direct ones inside others included."""
    vus: set[tuple[int, int]] = set()
    pile: list[pikepdf.Object] = list(pdf.objects)
    while pile:
        objet = pile.pop()
        if isinstance(objet, (pikepdf.Dictionary, pikepdf.Stream)):
            if objet.is_indirect:
                if objet.objgen in vus:
                    continue
                vus.add(objet.objgen)
            yield objet
            pile.extend(v for v in objet.values() if isinstance(v, (pikepdf.Dictionary, pikepdf.Array))
                        and not v.is_indirect)
        elif isinstance(objet, pikepdf.Array):
            pile.extend(v for v in objet if isinstance(v, (pikepdf.Dictionary, pikepdf.Array)) and not v.is_indirect)


@pytest.fixture(scope="module")
def contenu_cache(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    racine = tmp_path_factory.mktemp("cache")
    sources = racine / "sources"
    shutil.copytree(MINIMAL, sources)
    _annexe_a_contenu_cache(sources / "annexes" / "carte.pdf")
    _annexe(sources, "annexes/carte.pdf")
    fini = _borne("--sources", str(sources), "--dist", str(racine / "dist"))
    return racine / "dist" / "contrat-de-ville.pdf", fini


@pytest.mark.pdf
def test_le_contenu_actif_cache_dans_les_ressources_reste_dehors(contenu_cache) -> None:
    pdf_construit, fini = contenu_cache
    assert fini.returncode == 0, fini.stderr
    _sans_trace(fini)
    assert "annexe « Carte », page 1 : " in fini.stderr and "contenu(s) actif(s) caché(s) dans les ressources" \
        in fini.stderr and "retiré(e)" in fini.stderr, fini.stderr
    with pikepdf.open(pdf_construit) as pdf:
        assert pdf.check_pdf_syntax() == []  # qpdf's own check, as `qpdf --check` runs it
        assert "/AcroForm" not in pdf.Root and list(pdf.attachments) == ["sources-du-contrat.zip"]
        assert isinstance(pdf.Root.get("/OpenAction", pikepdf.Array()), pikepdf.Array)  # LibreOffice's: a destination
        rang = next(i for i, t in enumerate(textes_pdf(pdf_construit)) if "ANNEXE VISIBLE" in t)
        assert "/Annots" not in pdf.pages[rang].obj
        sources = pdf.attachments["sources-du-contrat.zip"].obj
        joints = {sources.objgen, sources.EF.F.objgen}
        for objet in _objets_profonds(pdf):
            assert not {"/JS", "/AA", "/JavaScript"} & set(objet.keys()), objet
            assert str(objet.get("/S", "")) not in ACTIONS_INTERDITES, objet
            assert objet.get("/Subtype") != pikepdf.Name.PS, objet
            assert not (isinstance(objet, pikepdf.Stream) and "/F" in objet), objet
            if "/EF" in objet or objet.get("/Type") in (pikepdf.Name.EmbeddedFile, pikepdf.Name.Filespec):
                assert objet.objgen in joints, objet
        assert b"MZ charge" not in Path(pdf_construit).read_bytes()
    textes = textes_pdf(pdf_construit)
    page = next(t for t in textes if "ANNEXE VISIBLE" in t)
    assert "FORME VISIBLE" in page and "FORME INTERIEURE" in page  # what it shows is kept


@pytest.mark.pdf
def test_la_page_reconstruite_se_montre_comme_l_annexe(contenu_cache, tmp_path: Path) -> None:
    """What the annex shows (text, forms within forms, an image, a pattern, a layer's content) is
    kept: the rebuilt page, drawn by poppler, is the annex's page pixel for pixel, but for the page
    number stamped at its foot."""
    from PIL import Image, ImageChops

    pdf_construit, fini = contenu_cache
    assert fini.returncode == 0, fini.stderr
    textes = textes_pdf(pdf_construit)
    rang = next(i for i, t in enumerate(textes) if "ANNEXE VISIBLE" in t) + 1
    annexe = pdf_construit.parent.parent / "sources" / "annexes" / "carte.pdf"
    images = []
    for nom, pdf, page in (("avant", annexe, 1), ("apres", pdf_construit, rang)):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                        str(tmp_path / nom)], check=True, timeout=60)
        images.append(Image.open(tmp_path / f"{nom}.png").convert("RGB"))
    avant, apres = images
    assert avant.size == apres.size
    hauteur = avant.size[1]
    pied = int(hauteur * 60 / 842)  # the stamp sits 30 pt above the bottom edge
    ecart = ImageChops.difference(avant.crop((0, 0, avant.size[0], hauteur - pied)),
                                  apres.crop((0, 0, avant.size[0], hauteur - pied)))
    assert ecart.getbbox() is None, ecart.getbbox()
    assert ImageChops.difference(avant, apres).getbbox() is not None  # the page number was stamped


# --- verify: embedded sources carrying a hostile annex, a cyclic form ------------------------------------


def _sources_jointes_avec(pdf_annexe: bytes, tmp_path: Path) -> dict[str, bytes]:
    sources = _sources_avec_annexe(tmp_path / "jointes", pdf_annexe)
    return {f"sources/{p.relative_to(sources).as_posix()}": p.read_bytes() for p in sources.rglob("*") if p.is_file()}


@pytest.mark.parametrize("fabrique, attendu", [(_kids_cyclique, "arbre des pages cyclique"),
                                               (_ressources_par_un_parent_cyclique, "chaîne /Parent cyclique"),
                                               (_arbre_profond, "arbre des pages trop profond")],
                         ids=["kids-cyclique", "parent-cyclique", "arbre-de-10000-niveaux"])
@pytest.mark.pdf
def test_verify_refuse_des_sources_jointes_a_l_annexe_cyclique(signe: dict, tmp_path: Path,
                                                              fabrique: Callable[[], bytes], attendu: str) -> None:
    pdf = tmp_path / "annexe-cyclique.pdf"
    _remplacer_sources_jointes(signe["original"], pdf, _sources_jointes_avec(fabrique(), tmp_path))
    fini = _borne("verify", str(pdf), "--sources", str(MINIMAL))
    assert fini.returncode == 1, fini.stdout + fini.stderr
    assert "les sources jointes au PDF sont invalides" in fini.stderr
    assert "fichier PDF « annexes/carte.pdf » : " + attendu in fini.stderr, fini.stderr
    _sans_trace(fini)


def _formulaire_cyclique(original: bytes, cible: Path) -> None:
    with pikepdf.open(io.BytesIO(original)) as doc, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pikepdf: widgets not reachable from /AcroForm (the signatures')
        a = doc.make_indirect(pikepdf.Dictionary(T=pikepdf.String("a"), FT=pikepdf.Name.Sig))
        b = doc.make_indirect(pikepdf.Dictionary(T=pikepdf.String("b"), Parent=a, Kids=pikepdf.Array([a])))
        a.Kids, a.Parent = pikepdf.Array([b]), b
        doc.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([a]))
        doc.save(cible)


@pytest.mark.pdf
def test_verify_et_sign_refusent_un_formulaire_cyclique(signe: dict, tmp_path: Path) -> None:
    """pyHanko follows the form tree to find signatures: a cycle made it raise (exit 70)."""
    pdf = tmp_path / "formulaire.pdf"
    _formulaire_cyclique(signe["signe"], pdf)
    for commande in (("verify", str(pdf), "--sources", str(MINIMAL)),
                     ("sign", str(pdf), "--cert", str(signe["faussaire"]), "--mot-de-passe", "secret")):
        fini = _borne(*commande)
        assert fini.returncode == 1, fini.stdout + fini.stderr
        assert f"{pdf} : arbre des champs de formulaire cyclique" in fini.stderr, fini.stderr
        assert "document refusé" in fini.stderr
        _sans_trace(fini)


# --- verify: crafted entries in the embedded sources archive -----------------------------------------


def _zip(entrees: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    tampon = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # « Duplicate name »: the point of a case
        with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as z:
            for info, contenu in entrees:
                z.writestr(info, contenu)
    return tampon.getvalue()


def _minimales() -> list[tuple[zipfile.ZipInfo | str, bytes]]:
    return list(_sources_minimales().items())


def _lien_symbolique() -> bytes:
    info = zipfile.ZipInfo("sources/textes/lien.md")
    info.create_system, info.external_attr = 3, (stat.S_IFLNK | 0o777) << 16
    return _zip([*_minimales(), (info, b"/etc/passwd")])


def _nul_dans_le_nom() -> bytes:
    """zipfile cuts a name at its NUL (« sources/contrat.yaml »): the name as stored is refused."""
    brut = _zip([*_minimales(), ("sources/textes/fauxQ.md.exe", b"MZ")])
    return brut.replace(b"sources/textes/fauxQ.md.exe", b"sources/textes/faux\x00.md.exe")


def _entree_chiffree() -> bytes:
    brut = bytearray(_zip([*_minimales(), ("sources/textes/secret.md", b"texte")]))
    for signature, decalage in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local and central headers
        debut = brut.rfind(signature, 0, brut.find(b"PK\x01\x02") if signature == b"PK\x03\x04" else len(brut))
        brut[debut + decalage] |= 0x1
    return bytes(brut)


def _methode_inconnue() -> bytes:
    brut = bytearray(_zip([*_minimales(), ("sources/textes/autre.md", b"texte")]))
    for signature, decalage in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        debut = brut.rfind(signature, 0, brut.find(b"PK\x01\x02") if signature == b"PK\x03\x04" else len(brut))
        brut[debut + decalage:debut + decalage + 2] = struct.pack("<H", 99)  # AES, never supported here
    return bytes(brut)


def _zip64_menteur() -> bytes:
    """One zip64 entry whose central record claims 10 bytes for 5 000 decompressed."""
    contenu = b"x: 1\n" * 1000
    compresseur = zlib.compressobj(6, zlib.DEFLATED, -15)
    donnees = compresseur.compress(contenu) + compresseur.flush()
    nom, crc = b"sources/contrat.yaml", zlib.crc32(contenu)
    extra = struct.pack("<HHQQ", 1, 16, 10, len(donnees))
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 45, 0, 8, 0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(nom),
                        len(extra)) + nom + extra + donnees
    central = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 45, 45, 0, 8, 0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                          len(nom), len(extra), 0, 0, 0, 0o644 << 16, 0) + nom + extra
    fin = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(local), 0)
    return local + central + fin


CAS_ZIP: list[tuple[str, Callable[[], bytes], str]] = [
    ("lien-symbolique", _lien_symbolique, "entrée « sources/textes/lien.md » : lien symbolique : archive refusée"),
    ("nul-dans-le-nom", _nul_dans_le_nom,
     "entrée « sources/textes/faux\\x00.md.exe » : caractère de contrôle dans le nom : archive refusée"),
    ("echappement-dans-le-nom", lambda: _zip([*_minimales(), ("sources/textes/\x1b[2Jx.md", b"x")]),
     "caractère de contrôle dans le nom : archive refusée"),
    ("bidi-dans-le-nom", lambda: _zip([*_minimales(), ("sources/textes/x\u202edm.exe", b"x")]),
     "caractère de contrôle dans le nom : archive refusée"),
    ("nom-en-double", lambda: _zip([*_minimales(), ("sources/contrat.yaml", b"titre: autre\n")]),
     "entrée « sources/contrat.yaml » présente deux fois : archive refusée"),
    ("dossier-au-nom-d-un-fichier", lambda: _zip([*_minimales(), ("sources/contrat.yaml/", b"")]),
     "entrée « sources/contrat.yaml/ » présente deux fois : archive refusée"),
    ("fichier-au-nom-d-un-dossier", lambda: _zip([("sources/textes", b"x"), *_minimales()]),
     "entrée « sources/textes » à la fois fichier et dossier : archive refusée"),
    ("zip64-taille-mensongere", _zip64_menteur,
     "entrée « sources/contrat.yaml » illisible (contenu qui ne correspond pas à son empreinte CRC ou à sa taille "
     "déclarée) : archive refusée"),
    ("entrees-par-milliers", lambda: _zip([*_minimales(), *((f"sources/x/{n}.md", b"") for n in range(5001))]),
     "l'archive des sources compte plus de 5000 entrées : archive refusée"),
    ("entree-chiffree", _entree_chiffree, "entrée « sources/textes/secret.md » chiffrée : archive refusée"),
    ("methode-de-compression-inconnue", _methode_inconnue,
     "entrée « sources/textes/autre.md » illisible (méthode de compression non prise en charge) : archive refusée"),
]


@pytest.mark.parametrize("fabrique, attendu", [c[1:] for c in CAS_ZIP], ids=[c[0] for c in CAS_ZIP])
@pytest.mark.pdf
def test_verify_refuse_une_archive_aux_entrees_piegees(signe: dict, tmp_path: Path,
                                                       fabrique: Callable[[], bytes], attendu: str) -> None:
    pdf = tmp_path / "archive.pdf"
    _remplacer_sources_jointes(signe["original"], pdf, {}, brut=fabrique())
    fini = _borne("verify", str(pdf), "--sources", str(MINIMAL))
    assert fini.returncode == 1, fini.stdout + fini.stderr
    assert attendu in fini.stderr, fini.stderr
    _sans_trace(fini)
    assert not (tmp_path.parent / "etc").exists()
