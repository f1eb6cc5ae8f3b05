"""What LibreOffice's PDF/UA-1 export leaves to the finishing (``rendu/finition.py``), done on the
structure and metadata only: what the pages print (text, images, their places) is not changed.

- the PDF/UA identification (``pdfuaid:part``, written by LibreOffice) declared as a PDF/A
  extension schema: without it PDF/A-3 no longer holds (an undeclared XMP property);
- the tab order of every page by its structure (``/Tabs /S``: LibreOffice 7.4 writes a string);
- lines and borders that LibreOffice paints outside any tag (the rules under the running head)
  marked as artifacts, so a reader neither reads them nor meets untagged content;
- no standard structure type in the role map (remapped, or mapped to itself: a cycle);
- heading levels made continuous in the tags (a Heading 3 right under a Heading 1 is tagged H2);
- list items outside a list (a bullet in a table cell) put in a list;
- a table laid out for the page, not for data (a letterhead, the signature page's grid), tagged as
  divisions; a data table without a header row (key figures listed as « label | value ») with its
  first column as row headers;
- PDF/A-3a: glyphs of Unicode's private use area (LibreOffice's bullets) given an /ActualText,
  the bullet a list label of its own; conformance A claimed when the whole document is tagged;
- external PDF annexes: a tagged one's structure grafted under a Part, an untagged one's pages
  each a Figure with an alternative text from the sources (called by ``finition.inserer_pdf_externes``).
"""

from __future__ import annotations

import io

import pikepdf
from lxml import etree

from contrat.impression.arbre import Role
from contrat.rendu.arbre_docx import STYLES

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
EXTENSION = {"pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
             "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
             "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#"}
SCHEMA_PDFUA = (("schema", "PDF/UA Universal Accessibility Schema"), ("namespaceURI", PDFUAID), ("prefix", "pdfuaid"))
PROPRIETE_PART = (("name", "part"), ("valueType", "Integer"), ("category", "internal"),
                  ("description", "Indicates, which part of ISO 14289 standard is followed"))

TRACES = frozenset({"m", "l", "c", "v", "y", "h", "re"})
"""Path construction operators: a path object starts with ``m`` or ``re`` and ends painted."""
PEINTURES = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"})
"""Path painting operators (``n`` paints nothing: a clip is not content)."""
OPERATEURS_DE_BALISES = " ".join(("BMC", "BDC", "EMC", *sorted(PEINTURES)))
STANDARD = frozenset(
    "/Document /Part /Art /Sect /Div /BlockQuote /Caption /TOC /TOCI /Index /NonStruct /Private /P /H /H1 /H2 "
    "/H3 /H4 /H5 /H6 /L /LI /Lbl /LBody /Table /TR /TH /TD /THead /TBody /TFoot /Span /Quote /Note /Reference "
    "/BibEntry /Code /Link /Annot /Ruby /RB /RT /RP /Warichu /WT /WP /Figure /Formula /Form".split())
"""The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4): the role map may not remap them."""


def finir_pdfua(doc: pikepdf.Pdf) -> None:
    """The PDF/UA-1 finishing of a PDF LibreOffice exported tagged (see the module)."""
    declarer_schema_pdfua(doc)
    for page in doc.pages:
        page.obj.Tabs = pikepdf.Name.S  # every page: a signature field added later lands on one of them
        if "/StructParents" in page.obj:  # LibreOffice's pages, not an inserted external annex
            traits_en_artefacts(doc, page)
    racine = doc.Root.get("/StructTreeRoot")
    if isinstance(racine, pikepdf.Dictionary):
        elements = _elements(racine)  # walked once (8 000 elements in the 59-page contract)
        types_standard_non_remappes(racine, elements)
        carte = _carte_des_roles(racine)
        niveler_titres([(e, carte.get(str(e.S), str(e.S))) for e, _ in elements])
        lister_items_isoles(doc, racine, elements)
        tableaux(racine, elements)
    declarer_niveau_a(doc)


def declarer_schema_pdfua(doc: pikepdf.Pdf) -> None:
    """The pdfuaid schema declared in the XMP (pdfaExtension), where the XMP claims PDF/UA and does
    not declare it yet: PDF/A admits only the properties of its predefined or declared schemas."""
    flux = doc.Root.get("/Metadata")
    if not isinstance(flux, pikepdf.Stream):
        return
    arbre = etree.parse(io.BytesIO(flux.read_bytes()))
    rdf = arbre.find(f".//{{{RDF}}}RDF")
    cle = f"{{{PDFUAID}}}part"
    if rdf is None or (rdf.find(f".//{cle}") is None and not any(cle in d.attrib for d in rdf)):
        return
    if any(n.text == PDFUAID for n in rdf.iter(_nom("pdfaSchema", "namespaceURI"))):
        return
    sac = rdf.find(f".//{_nom('pdfaExtension', 'schemas')}/{{{RDF}}}Bag")  # other schemas declared: one list
    if sac is None:
        description = etree.SubElement(rdf, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""}, nsmap=EXTENSION)
        sac = etree.SubElement(etree.SubElement(description, _nom("pdfaExtension", "schemas")), f"{{{RDF}}}Bag")
    schema = _ressource(sac, "pdfaSchema", SCHEMA_PDFUA)
    suite = etree.SubElement(etree.SubElement(schema, _nom("pdfaSchema", "property")), f"{{{RDF}}}Seq")
    _ressource(suite, "pdfaProperty", PROPRIETE_PART)
    flux.write(etree.tostring(arbre, encoding="utf-8"))


def _nom(prefixe: str, local: str) -> str:
    return f"{{{EXTENSION[prefixe]}}}{local}"


def _ressource(parent: etree._Element, prefixe: str, champs: tuple[tuple[str, str], ...]) -> etree._Element:
    """An ``rdf:li`` of parseType Resource with one simple property per field."""
    # The prefix declared where it is used: PDF/A-1 requires these very prefixes (no « ns0 »).
    li = etree.SubElement(parent, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"},
                          nsmap={prefixe: EXTENSION[prefixe]})
    for nom, valeur in champs:
        etree.SubElement(li, _nom(prefixe, nom)).text = valeur
    return li


def traits_en_artefacts(doc: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Every path painted outside marked content (LibreOffice's rules and borders of the running
    head and foot) wrapped in ``/Artifact BMC … EMC``; the page's content is rewritten only if one
    was found. Text outside marked content is left as it is: it would be hidden from readers."""
    if not _peinture_hors_balises(page):
        return
    instructions = list(pikepdf.parse_content_stream(page))
    sortie: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
    profondeur, debut, changee = 0, None, False
    for instruction in instructions:
        operateur = str(instruction.operator) if isinstance(instruction, pikepdf.ContentStreamInstruction) else ""
        if operateur in ("BMC", "BDC"):
            profondeur += 1
        elif operateur == "EMC":
            profondeur -= 1
        elif profondeur == 0 and operateur in TRACES and debut is None:
            debut = len(sortie)
        sortie.append(instruction)
        if operateur in PEINTURES or operateur == "n":
            if debut is not None and operateur != "n":
                sortie.insert(debut, pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC")))
                sortie.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
                changee = True
            debut = None
    if changee:
        page.obj.Contents = doc.make_stream(pikepdf.unparse_content_stream(sortie))


def _peinture_hors_balises(page: pikepdf.Page) -> bool:
    """Whether the page paints a path outside marked content, read from the operators that say it
    only (qpdf filters them: half the time of reading the whole content; 11 pages of 58 have one)."""
    profondeur = 0
    for instruction in pikepdf.parse_content_stream(page, OPERATEURS_DE_BALISES):
        operateur = str(instruction.operator)
        if operateur in ("BMC", "BDC"):
            profondeur += 1
        elif operateur == "EMC":
            profondeur -= 1
        elif profondeur == 0:
            return True
    return False


def _elements(racine: pikepdf.Dictionary) -> list[tuple[pikepdf.Dictionary, pikepdf.Dictionary]]:
    """(element, its parent) of the structure tree in document order, without recursion and each
    once (a tree read from a file may loop)."""
    vus: set[tuple[int, int]] = set()
    elements: list[tuple[pikepdf.Dictionary, pikepdf.Dictionary]] = []
    a_voir: list[tuple[pikepdf.Object, pikepdf.Dictionary]] = [(k, racine) for k in reversed(_enfants(racine))]
    while a_voir:
        element, parent = a_voir.pop()
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            continue  # a marked-content or object reference
        if element.is_indirect:
            if element.objgen in vus:
                continue
            vus.add(element.objgen)
        elements.append((element, parent))
        a_voir.extend((k, element) for k in reversed(_enfants(element)))
    return elements


def _enfants(element: pikepdf.Dictionary) -> list[pikepdf.Object]:
    k = element.get("/K")
    return list(k) if isinstance(k, pikepdf.Array) else [] if k is None else [k]


def _carte_des_roles(racine: pikepdf.Dictionary) -> dict[str, str]:
    """The role map, each name resolved to where its chain ends (a few steps, never in a loop)."""
    carte = racine.get("/RoleMap")
    brute = {str(k): str(v) for k, v in carte.items() if isinstance(v, pikepdf.Name)} \
        if isinstance(carte, pikepdf.Dictionary) else {}
    resolue: dict[str, str] = {}
    for nom in brute:
        fin = nom
        for _ in range(8):
            if brute.get(fin, fin) == fin:
                break
            fin = brute[fin]
        resolue[nom] = fin
    return resolue


def types_standard_non_remappes(racine: pikepdf.Dictionary, elements: list[tuple[pikepdf.Dictionary, pikepdf.Dictionary]]) -> None:
    """No standard type in the role map: LibreOffice maps a paragraph style that bears a standard
    type's name (the avenant's « Quote ») to P; its elements are given that type instead, so they
    read as they did, and the entry (a remapped standard type, or a cycle) is removed."""
    carte = racine.get("/RoleMap")
    remappes = {nom: fin for nom, fin in _carte_des_roles(racine).items() if nom in STANDARD}
    if not remappes or not isinstance(carte, pikepdf.Dictionary):
        return
    for element, _ in elements:
        nom = str(element.S)
        if nom in remappes and remappes[nom] != nom:
            element.S = pikepdf.Name(remappes[nom])
    for nom in remappes:
        del carte[nom]


def niveler_titres(types: list[tuple[pikepdf.Dictionary, str]]) -> None:
    """Heading levels H1-H6 made continuous in document order: a heading is one level under the
    nearest earlier heading of a higher level (H1, H3, H4, H3, H2 → H1, H2, H3, H2, H2), so none
    skips a level; the printed headings keep their styles. ``types``: (element, standard type)."""
    pile: list[int] = []  # the levels, as written, of the headings above the current one
    for element, standard in types:
        if len(standard) != 3 or not standard.startswith("/H") or not standard[2].isdigit():
            continue
        niveau = int(standard[2])
        while pile and pile[-1] >= niveau:
            pile.pop()
        pile.append(niveau)
        if len(pile) != niveau:
            element.S = pikepdf.Name(f"/H{len(pile)}")


def lister_items_isoles(doc: pikepdf.Pdf, racine: pikepdf.Dictionary,
                        elements: list[tuple[pikepdf.Dictionary, pikepdf.Dictionary]]) -> None:
    """Each run of list items (LI) whose parent is not a list (L) put in a new list, in place."""
    carte = _carte_des_roles(racine)

    def standard(element: pikepdf.Dictionary) -> str:
        return carte.get(str(element.S), str(element.S))

    parents = [p for e, p in elements if standard(e) == "/LI" and p is not racine and standard(p) != "/L"]
    faits: set[tuple[int, int]] = set()
    for parent in parents:
        if parent.objgen in faits:
            continue
        faits.add(parent.objgen)
        nouveaux = pikepdf.Array()
        liste: pikepdf.Dictionary | None = None
        for enfant in _enfants(parent):
            if not (isinstance(enfant, pikepdf.Dictionary) and "/S" in enfant and standard(enfant) == "/LI"):
                liste = None
                nouveaux.append(enfant)
                continue
            if liste is None:
                liste = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.L,
                                                             P=parent, K=pikepdf.Array()))
                nouveaux.append(liste)
            liste.K.append(enfant)
            enfant.P = liste
        parent.K = nouveaux


STYLES_DE_MISE_EN_PAGE = frozenset({f"/{STYLES[Role.EXPEDITEUR]}", f"/{STYLES[Role.REFERENCE]}", "/Signature"})
"""Paragraph styles that only a layout table holds (LibreOffice tags a paragraph by its style's
name, role-mapped to P): a letterhead's sender and references, a signature block (the template's
« Signature » style)."""
PARTIES_DE_TABLEAU = frozenset({"/TR", "/TH", "/TD", "/THead", "/TBody", "/TFoot"})


def tableaux(racine: pikepdf.Dictionary, elements: list[tuple[pikepdf.Dictionary, pikepdf.Dictionary]]) -> None:
    """Each table tagged for what it is: laid out for the page (all its paragraphs in a layout
    style) its table elements become divisions; a data table without header cells gets its first
    column as row headers (a label, then its figures), so that every data table has headers."""
    carte = _carte_des_roles(racine)
    for table in (e for e, _ in elements if carte.get(str(e.S), str(e.S)) == "/Table"):
        parties, styles = _contenu_du_tableau(table, carte)
        if styles and styles <= STYLES_DE_MISE_EN_PAGE:
            for element in (table, *parties):
                element.S = pikepdf.Name.Div
                if "/A" in element:
                    del element["/A"]  # its table attributes (/O /Table) belong to no table now
        elif not any(str(x.S) == "/TH" for x in parties):
            for ligne in (x for x in parties if str(x.S) == "/TR"):
                premiere = next((c for c in _enfants(ligne) if isinstance(c, pikepdf.Dictionary)
                                 and str(c.get("/S")) == "/TD"), None)
                if premiere is not None:
                    premiere.S = pikepdf.Name.TH
                    _attribut_de_tableau(premiere, pikepdf.Name.Row)


def _contenu_du_tableau(table: pikepdf.Dictionary, carte: dict[str, str]
                        ) -> tuple[list[pikepdf.Dictionary], set[str]]:
    """The table's own parts (rows, cells, sections) and the paragraph types its cells hold."""
    parties: list[pikepdf.Dictionary] = []
    styles: set[str] = set()
    a_voir = [k for k in _enfants(table)]
    while a_voir:
        x = a_voir.pop()
        if not isinstance(x, pikepdf.Dictionary) or "/S" not in x:
            continue
        nom = str(x.S)
        if nom in PARTIES_DE_TABLEAU:
            parties.append(x)
            a_voir.extend(_enfants(x))
        elif carte.get(nom, nom) == "/P":
            styles.add(nom)
    return parties, styles


def _attribut_de_tableau(cellule: pikepdf.Dictionary, portee: pikepdf.Name) -> None:
    """A header cell's /Scope among its table attributes (/O /Table), which it may already have."""
    attributs = cellule.get("/A")
    listes = list(attributs) if isinstance(attributs, pikepdf.Array) else [attributs] if attributs is not None else []
    for a in listes:
        if isinstance(a, pikepdf.Dictionary) and a.get("/O") == pikepdf.Name.Table:
            a.Scope = portee
            return
    nouveau = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=portee)
    cellule.A = pikepdf.Array([*listes, nouveau]) if listes else nouveau


# PDF/A-3a: glyphs of Unicode's private use area read as what they show.

ZONES_PRIVEES = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))

CARACTERES_PRIVES = {0xF0B7: "•", 0xF0A7: "▪", 0xF02D: "–", 0xF0BE: "—", 0xF0D8: "➢", 0xF0FC: "✓", 0xF076: "❖",
                     0xF06E: "■", 0xF0A8: "◆", 0xF0E0: "→", 0xF0F0: "⇒", 0xF06F: "□", 0xF071: "❑", 0xF09F: "•"}
"""What the bullets of Word's and LibreOffice's lists show, by the private-use code point their
ToUnicode gives (U+F000 plus the code in the symbol font, Symbol or Wingdings, that LibreOffice
prints with OpenSymbol: the template's bullet, Symbol's 0xB7, is U+F0B7)."""

PUCE = "•"
"""What a list label shows when its glyph is not in ``CARACTERES_PRIVES``: a bullet all the same."""

MONTRER_TEXTE = frozenset({"Tj", "TJ", "'", '"'})


class Police:
    """A font's codes as its ToUnicode CMap reads them (tokenized by qpdf): their length in bytes
    and the text each one stands for."""

    def __init__(self, police: pikepdf.Dictionary) -> None:
        self.espaces: list[tuple[bytes, bytes]] = []
        self.textes: dict[bytes, str] = {}
        composite = police.get("/Subtype") == pikepdf.Name.Type0
        cmap = police.get("/ToUnicode")
        if isinstance(cmap, pikepdf.Stream):
            try:
                self._lire(cmap)
            except pikepdf.PdfError:
                self.textes = {}
        if not composite:
            self.espaces = [(b"\x00", b"\xff")]  # a simple font: one byte a code, whatever its CMap says
        elif not self.espaces or police.get("/Encoding") in (pikepdf.Name("/Identity-H"), pikepdf.Name("/Identity-V")):
            self.espaces = [(b"\x00\x00", b"\xff\xff")]
        self.privee = any(_prive(t) for t in self.textes.values())

    def _lire(self, cmap: pikepdf.Stream) -> None:
        for instruction in pikepdf.parse_content_stream(cmap, "endcodespacerange endbfchar endbfrange"):
            valeurs = list(instruction.operands)
            operateur = str(instruction.operator)
            if operateur == "endcodespacerange":
                self.espaces += [(bytes(a), bytes(b)) for a, b in zip(valeurs[::2], valeurs[1::2])]
            elif operateur == "endbfchar":
                for code, texte in zip(valeurs[::2], valeurs[1::2]):
                    self.textes[bytes(code)] = _utf16(bytes(texte))
            else:
                for debut, fin, cible in zip(valeurs[::3], valeurs[1::3], valeurs[2::3]):
                    self._plage(bytes(debut), bytes(fin), cible)

    def _plage(self, debut: bytes, fin: bytes, cible: pikepdf.Object) -> None:
        a, b = int.from_bytes(debut, "big"), int.from_bytes(fin, "big")
        for n in range(a, min(b, a + 0xFFFF) + 1):
            code = n.to_bytes(len(debut), "big")
            if isinstance(cible, pikepdf.Array):
                if n - a < len(cible):
                    self.textes[code] = _utf16(bytes(cible[n - a]))
            else:
                premier = bytes(cible)  # the last byte counts up
                suite = premier[:-1] + bytes([(premier[-1] + n - a) & 0xFF]) if premier else premier
                self.textes[code] = _utf16(suite)

    def lire(self, chaine: bytes) -> str:
        """The text a string shown with this font stands for."""
        texte, i = [], 0
        while i < len(chaine):
            longueur = next((len(a) for a, b in self.espaces
                             if len(a) <= len(chaine) - i and a <= chaine[i:i + len(a)] <= b), 1)
            texte.append(self.textes.get(chaine[i:i + longueur], ""))
            i += longueur
        return "".join(texte)


def _utf16(octets: bytes) -> str:
    return octets.decode("utf-16-be", errors="replace")


def _prive(texte: str) -> bool:
    return any(a <= ord(c) <= b for c in texte for a, b in ZONES_PRIVEES)


def _lisible(texte: str, etiquette: bool = False) -> str:
    """``texte`` with each private-use character replaced by what it shows: a known bullet's
    character; another, unknown, glyph: a bullet in a list label, else nothing (a screen reader
    would spell a code point that means nothing)."""
    return "".join(CARACTERES_PRIVES.get(ord(c), PUCE if etiquette else "") if _prive(c) else c for c in texte)


def _chaines(instruction: pikepdf.ContentStreamInstruction) -> list[bytes]:
    operandes = list(instruction.operands)
    if str(instruction.operator) == "TJ":
        return [bytes(x) for x in operandes[0] if isinstance(x, pikepdf.String)] if operandes else []
    return [bytes(operandes[-1])] if operandes and isinstance(operandes[-1], pikepdf.String) else []


def textes_prives(doc: pikepdf.Pdf) -> bool:
    """Every glyph the pages paint from Unicode's private use area (their fonts' ToUnicode says
    so: LibreOffice's bullets, OpenSymbol's U+F0B7) given an /ActualText, what it shows (PDF/A-3a,
    ISO 19005-3 6.2.11.7.3: a reader would otherwise get a code point that means nothing).

    A marked-content sequence that paints only such glyphs (a bullet, as LibreOffice marks it at
    the start of its list item's paragraph) becomes a structure element of its own with that
    /ActualText: the list label (Lbl) of its list item, or a Span in its element; any other is
    wrapped in the page's content in a ``/Span <</ActualText …>> BDC … EMC``. What the pages draw
    does not change. Whether every one was given its text (a form XObject's are not looked at:
    LibreOffice draws none; the document then does not claim PDF/A-3a)."""
    polices: dict[tuple[int, int], Police] = {}
    racine = doc.Root.get("/StructTreeRoot")
    arbre = pikepdf.NumberTree(racine.ParentTree) if isinstance(racine, pikepdf.Dictionary) \
        and isinstance(racine.get("/ParentTree"), pikepdf.Dictionary) else None
    carte = _carte_des_roles(racine) if isinstance(racine, pikepdf.Dictionary) else {}
    tout = True
    for page in doc.pages:
        ressources = page.obj.get("/Resources")
        if not isinstance(ressources, pikepdf.Dictionary):
            continue
        if _formes_privees(ressources, polices):
            tout = False
        table = ressources.get("/Font")
        if not isinstance(table, pikepdf.Dictionary) or not any(
                _police(p, polices).privee for p in table.values() if isinstance(p, pikepdf.Dictionary)):
            continue
        try:
            _page_lisible(doc, page, table, polices, arbre, carte)
        except pikepdf.PdfError:  # an external annex's content qpdf cannot read: its glyphs stay as they are
            tout = False
    return tout


def _police(objet: pikepdf.Dictionary, polices: dict[tuple[int, int], Police]) -> Police:
    if not objet.is_indirect:
        return Police(objet)
    if objet.objgen not in polices:
        polices[objet.objgen] = Police(objet)
    return polices[objet.objgen]


def _formes_privees(ressources: pikepdf.Dictionary, polices: dict[tuple[int, int], Police]) -> bool:
    """Whether a form XObject of the page (at any depth, each once) has a font with private-use
    glyphs."""
    vues: set[tuple[int, int]] = set()
    a_voir = [ressources]
    while a_voir:
        xobjets = a_voir.pop().get("/XObject")
        for x in xobjets.values() if isinstance(xobjets, pikepdf.Dictionary) else ():
            if not isinstance(x, pikepdf.Stream) or x.get("/Subtype") != pikepdf.Name.Form or x.objgen in vues:
                continue
            vues.add(x.objgen)
            sous = x.get("/Resources")
            if not isinstance(sous, pikepdf.Dictionary):
                continue
            table = sous.get("/Font")
            if isinstance(table, pikepdf.Dictionary) and any(
                    _police(p, polices).privee for p in table.values() if isinstance(p, pikepdf.Dictionary)):
                return True
            a_voir.append(sous)
    return False


OPERATEURS_DE_TEXTE = " ".join(("BDC", "BMC", "EMC", "q", "Q", "Tf", *sorted(MONTRER_TEXTE)))
"""What ``_montres`` reads of a page's content (qpdf filters the rest out)."""


def _page_lisible(doc: pikepdf.Pdf, page: pikepdf.Page, table: pikepdf.Dictionary,
                  polices: dict[tuple[int, int], Police], arbre: pikepdf.NumberTree | None,
                  carte: dict[str, str]) -> None:
    montres = _montres(list(pikepdf.parse_content_stream(page, OPERATEURS_DE_TEXTE)), table, polices)
    # A marked content painting private-use glyphs only (spaces aside) is given its own element.
    par_mcid: dict[int, list[str]] = {}
    for _, texte, mcid in montres:
        if mcid is not None:
            par_mcid.setdefault(mcid, []).append(texte)
    elements = arbre.get(int(page.obj.StructParents)) if arbre is not None and "/StructParents" in page.obj else None
    privees = {mcid for _, texte, mcid in montres if mcid is not None and texte != "x" and _prive(texte)}
    isoles = {m for m in privees if all(_prive(c) or c.isspace() for t in par_mcid[m] for c in t)}
    faits = {m for m in sorted(isoles) if isinstance(elements, pikepdf.Array)
             and _element_lisible(doc, page, elements, m, "".join(par_mcid[m]), carte)}
    if all(mcid in faits for _, texte, mcid in montres if _prive(texte)):
        return
    # Rare: the page's content read whole and rewritten (found again the same way in it).
    instructions = list(pikepdf.parse_content_stream(page))
    a_envelopper = {i: t for i, t, mcid in _montres(instructions, table, polices) if _prive(t) and mcid not in faits}
    sortie: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
    for i, instruction in enumerate(instructions):
        if i in a_envelopper:
            reel = pikepdf.String(_lisible(a_envelopper[i]).strip())
            sortie.append(pikepdf.ContentStreamInstruction(
                [pikepdf.Name.Span, pikepdf.Dictionary(ActualText=reel)], pikepdf.Operator("BDC")))
            sortie.append(instruction)
            sortie.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
        else:
            sortie.append(instruction)
    page.obj.Contents = doc.make_stream(pikepdf.unparse_content_stream(sortie))


def _montres(instructions: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage],
             table: pikepdf.Dictionary, polices: dict[tuple[int, int], Police]) -> list[tuple[int, str, int | None]]:
    """(index, text, MCID of the marked content around it) of each text-showing instruction; the
    text read only for a font with private-use glyphs (« x » for the others: not private)."""
    montres: list[tuple[int, str, int | None]] = []
    pile: list[int | None] = []  # the MCID of each open marked content (None: none)
    police: Police | None = None
    etats: list[Police | None] = []
    for i, instruction in enumerate(instructions):
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue
        operateur, operandes = str(instruction.operator), instruction.operands
        if operateur == "BDC":
            proprietes = operandes[1] if len(operandes) > 1 else None
            marque = proprietes.get("/MCID") if isinstance(proprietes, pikepdf.Dictionary) else None
            pile.append(int(marque) if isinstance(marque, int) else None)
        elif operateur == "BMC":
            pile.append(None)
        elif operateur == "EMC" and pile:
            pile.pop()
        elif operateur == "q":
            etats.append(police)
        elif operateur == "Q" and etats:
            police = etats.pop()
        elif operateur == "Tf" and operandes:
            objet = table.get(str(operandes[0]))
            police = _police(objet, polices) if isinstance(objet, pikepdf.Dictionary) else None
        elif operateur in MONTRER_TEXTE and police is not None:
            texte = "".join(police.lire(c) for c in _chaines(instruction)) if police.privee else "x"
            montres.append((i, texte, next((m for m in reversed(pile) if m is not None), None)))
    return montres


def _element_lisible(doc: pikepdf.Pdf, page: pikepdf.Page, elements: pikepdf.Array, mcid: int, texte: str,
                     carte: dict[str, str]) -> bool:
    """The marked content ``mcid`` of ``page`` (private-use glyphs only) made an element of its own
    with its /ActualText: the Lbl of a list item when it starts its LBody's first paragraph (as
    LibreOffice draws a bullet), else a Span in place in its element. Whether it was done (its
    element found where the page's parent tree says)."""
    if mcid >= len(elements) or not isinstance(elements[mcid], pikepdf.Dictionary):
        return False
    element = elements[mcid]
    if not isinstance(element, pikepdf.Dictionary):
        return False
    enfants = _enfants(element)
    rang = next((r for r, k in enumerate(enfants) if _est_mcid(k, mcid, element, page)), None)
    if rang is None:
        return False
    enfant = enfants[rang]
    if isinstance(enfant, int):  # its page was the element's: said now, in its new element
        enfant = pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=page.obj, MCID=mcid)
    corps = element.get("/P")
    item = corps.get("/P") if isinstance(corps, pikepdf.Dictionary) else None
    etiquette = (rang == 0 and isinstance(corps, pikepdf.Dictionary) and isinstance(item, pikepdf.Dictionary)
                 and _standard(corps, carte) == "/LBody"
                 and _standard(item, carte) == "/LI" and _enfants(corps)[0].objgen == element.objgen
                 and not any(isinstance(k, pikepdf.Dictionary) and _standard(k, carte) == "/Lbl"
                             for k in _enfants(item)))
    parent = item if etiquette and isinstance(item, pikepdf.Dictionary) else element
    nouveau = doc.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=pikepdf.Name.Lbl if etiquette else pikepdf.Name.Span, P=parent,
        K=enfant, Pg=page.obj, ActualText=pikepdf.String(_lisible(texte, etiquette).strip())))
    del enfants[rang]
    if parent is not element:
        element.K = pikepdf.Array(enfants)
        parent.K = pikepdf.Array([nouveau, *_enfants(parent)])
    else:
        element.K = pikepdf.Array([*enfants[:rang], nouveau, *enfants[rang:]])
    elements[mcid] = nouveau
    return True


def _est_mcid(k: pikepdf.Object, mcid: int, element: pikepdf.Dictionary, page: pikepdf.Page) -> bool:
    """Whether a structure element's kid is the marked content ``mcid`` of ``page``."""
    if isinstance(k, int):
        pg = element.get("/Pg")
        return int(k) == mcid and (pg is None or pg.objgen == page.obj.objgen)
    if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.MCR:
        pg = k.get("/Pg", element.get("/Pg"))
        return int(k.get("/MCID", -1)) == mcid and (pg is None or pg.objgen == page.obj.objgen)
    return False


def _standard(element: pikepdf.Dictionary, carte: dict[str, str]) -> str:
    """An element's standard type (``carte``: the role map, resolved: ``_carte_des_roles``)."""
    nom = str(element.get("/S", ""))
    return carte.get(nom, nom)


ENCODAGES_PREDEFINIS = frozenset({"/MacRomanEncoding", "/MacExpertEncoding", "/WinAnsiEncoding"})


def polices_sans_unicode(page: pikepdf.Page) -> list[str]:
    """The fonts of a page's resources whose text cannot be read as Unicode (PDF/A level A, ISO
    19005-3 6.2.11.7.2: a ToUnicode CMap, or a simple font with a predefined encoding): an
    external annex's may lack it."""
    ressources = page.obj.get("/Resources")
    table = ressources.get("/Font") if isinstance(ressources, pikepdf.Dictionary) else None
    sans: list[str] = []
    for police in table.values() if isinstance(table, pikepdf.Dictionary) else ():
        if not isinstance(police, pikepdf.Dictionary) or "/ToUnicode" in police:
            continue
        encodage = police.get("/Encoding")
        if police.get("/Subtype") != pikepdf.Name.Type0 and str(encodage) in ENCODAGES_PREDEFINIS:
            continue
        sans.append(str(police.get("/BaseFont", "?")).lstrip("/"))
    return sans


def declarer_niveau_a(doc: pikepdf.Pdf) -> bool:
    """PDF/A conformance A claimed (``pdfaid:conformance``) where the document is accessible as
    PDF/A-3a asks: tagged (MarkInfo, a structure tree), all its content tagged (it still claims
    PDF/UA: an external annex inserted untagged removes that claim, ``finition.inserer_pdf_externes``),
    its private-use glyphs given their text (``textes_prives``, which is run here) and every font
    read as Unicode (``polices_sans_unicode``). Whether it is."""
    tous = textes_prives(doc) and not any(polices_sans_unicode(p) for p in doc.pages)
    marque = doc.Root.get("/MarkInfo")
    balise = isinstance(marque, pikepdf.Dictionary) and bool(marque.get("/Marked")) \
        and isinstance(doc.Root.get("/StructTreeRoot"), pikepdf.Dictionary)
    with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
        if "pdfaid:part" not in meta or "pdfuaid:part" not in meta or not (tous and balise):
            return False
        meta["pdfaid:conformance"] = "A"
    return True


# External PDF annexes: each inserted page tagged as one figure.

def page_en_figure(doc: pikepdf.Pdf, ancienne: pikepdf.Dictionary, page: pikepdf.Page, alt: str) -> bool:
    """An external annex's page, rebuilt from what it shows (``finition.page_sure``) in place of the
    page LibreOffice reserved for it (``ancienne``), tagged as one Figure with ``alt`` as its
    alternative text, where the reserved page's own tags were (its invisible mark's paragraph):
    a screen reader announces the page and what it is instead of meeting untagged content, and
    the file keeps its PDF/UA claim. Its content is marked as the figure's (its own marks taken
    off: they belonged to another structure tree). Whether it was done (the document tagged and
    the reserved page in its parent tree)."""
    racine = doc.Root.get("/StructTreeRoot")
    numero = ancienne.get("/StructParents")
    if not isinstance(racine, pikepdf.Dictionary) or not isinstance(numero, int) \
            or not isinstance(racine.get("/ParentTree"), pikepdf.Dictionary):
        return False
    arbre = pikepdf.NumberTree(racine.ParentTree)
    elements = arbre.get(int(numero))
    contenu = _contenu_en_figure(page)
    if not isinstance(elements, pikepdf.Array) or contenu is None:
        return False
    figure = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Figure,
                                                  Pg=page.obj, K=0, Alt=pikepdf.String(alt)))
    place = False
    vus: set[tuple[int, int]] = set()
    for element in elements:
        if not isinstance(element, pikepdf.Dictionary) or element.objgen in vus:
            continue
        vus.add(element.objgen)
        gardes: list[pikepdf.Object] = []
        for k in _enfants(element):
            if not _sur_la_page(k, element, ancienne):
                gardes.append(k)
            elif not place:  # the figure where the reserved page's first content was
                figure.P = element
                gardes.append(figure)
                place = True
        if gardes:
            element.K = pikepdf.Array(gardes)
            pg = element.get("/Pg")
            if isinstance(pg, pikepdf.Dictionary) and pg.objgen == ancienne.objgen:
                element.Pg = page.obj  # the page its kids without their own /Pg are on
        else:
            _retirer(element)
    if not place:
        return False
    page.obj.StructParents = int(numero)
    arbre[int(numero)] = pikepdf.Array([figure])
    page.obj.Contents = doc.make_stream(contenu)
    return True


def _sur_la_page(k: pikepdf.Object, element: pikepdf.Dictionary, page: pikepdf.Dictionary) -> bool:
    """Whether a structure element's kid is marked content of ``page``."""
    if isinstance(k, int):
        pg = element.get("/Pg")
        return isinstance(pg, pikepdf.Dictionary) and pg.objgen == page.objgen
    if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.MCR:
        pg = k.get("/Pg", element.get("/Pg"))
        return isinstance(pg, pikepdf.Dictionary) and pg.objgen == page.objgen
    return False


def _retirer(element: pikepdf.Dictionary) -> None:
    """A structure element left without content taken out of its parent's kids."""
    parent = element.get("/P")
    if isinstance(parent, pikepdf.Dictionary):
        restants = [k for k in _enfants(parent) if not (isinstance(k, pikepdf.Dictionary) and k.is_indirect
                                                        and k.objgen == element.objgen)]
        parent.K = pikepdf.Array(restants)


def _contenu_en_figure(page: pikepdf.Page) -> bytes | None:
    """The page's whole content as the figure's marked content (MCID 0), its own marked-content
    operators taken off (optional content's, /OC, kept: they decide what is shown); None if qpdf
    cannot read it."""
    sortie: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = [
        pikepdf.ContentStreamInstruction([pikepdf.Name.Figure, pikepdf.Dictionary(MCID=0)], pikepdf.Operator("BDC")),
        pikepdf.ContentStreamInstruction([], pikepdf.Operator("q"))]
    gardees: list[bool] = []  # for each open marked content, whether its operators are kept
    try:
        instructions = pikepdf.parse_content_stream(page)
    except pikepdf.PdfError:
        return None
    for instruction in instructions:
        operateur = str(instruction.operator) if isinstance(instruction, pikepdf.ContentStreamInstruction) else ""
        if operateur in ("BDC", "BMC"):
            gardees.append(operateur == "BDC" and instruction.operands[0] == pikepdf.Name.OC)
            if not gardees[-1]:
                continue
        elif operateur == "EMC":
            if not (gardees.pop() if gardees else False):
                continue
        elif operateur in ("MP", "DP"):
            continue
        sortie.append(instruction)
    sortie += [pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC"))] * sum(gardees)
    sortie += [pikepdf.ContentStreamInstruction([], pikepdf.Operator("Q")),
               pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC"))]
    return pikepdf.unparse_content_stream(sortie)


# External PDF annexes already tagged: their structure grafted.

ELEMENTS_GREFFES_MAX = 50_000
"""A tagged annex with more structure elements than this is tagged as figures instead (a hostile
file's tree is walked no further)."""
MONTRER = frozenset({"Tj", "TJ", "'", '"', "Do", "sh"})
"""What paints a page's content other than paths (text, XObjects, shadings)."""
ENTREES_COPIEES = ("/Alt", "/ActualText", "/E", "/Lang", "/T")


def greffer_structure(doc: pikepdf.Pdf, source: pikepdf.Pdf, titre: str,
                      pages: list[tuple[pikepdf.Dictionary, pikepdf.Dictionary, pikepdf.Page]]) -> bool:
    """A tagged external annex's structure tree grafted under a new Part element of the document
    (titled with the annex's title), where the document tagged the pages reserved for it; its
    pages keep their marks. ``pages``: (the annex's page, the reserved page, the inserted page).
    Whether it was done: not when the annex is untagged, paints content outside its marks, or its
    tree cannot be read within bounds (its pages are then tagged as figures, ``page_en_figure``).

    Its elements are copied with their standard types (its role map resolved; a nested Document
    becomes a Div), their alternative and actual texts, language, expansion and title; their
    marked content pointed at the inserted pages; references to annotations are left, as the
    annotations were (``finition.page_sure``)."""
    racine_source = source.Root.get("/StructTreeRoot")
    marque = source.Root.get("/MarkInfo")
    racine = doc.Root.get("/StructTreeRoot")
    if not (isinstance(racine_source, pikepdf.Dictionary) and isinstance(marque, pikepdf.Dictionary)
            and bool(marque.get("/Marked")) and isinstance(racine, pikepdf.Dictionary)
            and isinstance(racine_source.get("/ParentTree"), pikepdf.Dictionary)
            and isinstance(racine.get("/ParentTree"), pikepdf.Dictionary)):
        return False
    try:
        if not all(isinstance(a.get("/StructParents"), int) and isinstance(r.get("/StructParents"), int)
                   and _tout_marque(n) for a, r, n in pages):
            return False
        elements = _elements(racine_source)
        if len(elements) > ELEMENTS_GREFFES_MAX:
            return False
        arbre_source = pikepdf.NumberTree(racine_source.ParentTree)
        par_mcid = [arbre_source.get(int(a.StructParents)) for a, _, _ in pages]
    except pikepdf.PdfError:
        return False
    if not all(isinstance(x, pikepdf.Array) for x in par_mcid):
        return False
    carte = _carte_des_roles(racine_source)
    nouvelles = {a.objgen: n.obj for a, _, n in pages}
    copies: dict[tuple[int, int], pikepdf.Dictionary] = {}
    for element, _ in elements:
        copies[element.objgen] = _copie_d_element(doc, element, carte)
    for element, _ in elements:
        copie = copies[element.objgen]
        pg = element.get("/Pg")
        page = nouvelles.get(pg.objgen) if isinstance(pg, pikepdf.Dictionary) else None
        if page is not None:
            copie.Pg = page
        enfants = []
        for k in _enfants(element):
            if isinstance(k, int):
                if page is not None:
                    enfants.append(int(k))
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.MCR:
                pg_k = k.get("/Pg", pg)
                cible = nouvelles.get(pg_k.objgen) if isinstance(pg_k, pikepdf.Dictionary) else None
                if cible is not None and "/Stm" not in k and isinstance(k.get("/MCID"), int):
                    enfants.append(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=cible, MCID=int(k.MCID)))
            elif isinstance(k, pikepdf.Dictionary) and k.is_indirect and k.objgen in copies:
                enfant = copies[k.objgen]
                enfant.P = copie
                enfants.append(enfant)
        copie.K = pikepdf.Array(enfants)
    partie = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Part,
                                                  T=pikepdf.String(titre)))
    langue = source.Root.get("/Lang")
    if isinstance(langue, pikepdf.String) and str(langue):
        partie.Lang = pikepdf.String(str(langue))
    tetes = [copies[k.objgen] for k in _enfants(racine_source)
             if isinstance(k, pikepdf.Dictionary) and k.is_indirect and k.objgen in copies]
    for tete in tetes:
        tete.P = partie
    partie.K = pikepdf.Array(tetes)
    # The document's tags of the reserved pages (their invisible marks) give way to the annex's.
    if not _remplacer_les_reservees(racine, [r for _, r, _ in pages], partie):
        return False
    arbre = pikepdf.NumberTree(racine.ParentTree)
    for (_, reservee, nouvelle), elements_page in zip(pages, par_mcid):
        nouvelle.obj.StructParents = int(reservee.StructParents)
        arbre[int(reservee.StructParents)] = pikepdf.Array(
            [copies[e.objgen] if isinstance(e, pikepdf.Dictionary) and e.is_indirect and e.objgen in copies
             else None for e in (elements_page if isinstance(elements_page, pikepdf.Array) else ())])
    return True


def _copie_d_element(doc: pikepdf.Pdf, element: pikepdf.Dictionary, carte: dict[str, str]) -> pikepdf.Dictionary:
    nom = carte.get(str(element.get("/S")), str(element.get("/S")))
    nom = "/Div" if nom == "/Document" else nom if nom in STANDARD else "/NonStruct"
    copie = pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name(nom))
    for cle in ENTREES_COPIEES:
        valeur = element.get(cle)
        if isinstance(valeur, pikepdf.String):
            copie[cle] = pikepdf.String(bytes(valeur))
    attributs = element.get("/A")
    for a in (list(attributs) if isinstance(attributs, pikepdf.Array) else [attributs]):
        simple = _attribut_simple(a)
        if simple is not None:
            copie.A = pikepdf.Array([*copie.get("/A", []), simple])
    return doc.make_indirect(copie)


def _attribut_simple(a: object) -> pikepdf.Dictionary | None:
    """An attribute dictionary copied if it holds only names, numbers, strings and arrays of numbers."""
    if not isinstance(a, pikepdf.Dictionary) or not isinstance(a.get("/O"), pikepdf.Name):
        return None
    copie = pikepdf.Dictionary()
    for cle, valeur in a.items():
        if isinstance(valeur, (pikepdf.Name, int, float, bool)):
            copie[cle] = valeur
        elif isinstance(valeur, pikepdf.String):
            copie[cle] = pikepdf.String(bytes(valeur))
        elif isinstance(valeur, pikepdf.Array) and len(valeur) <= 16 and all(isinstance(x, (int, float)) for x in valeur):
            copie[cle] = pikepdf.Array(list(valeur))
    return copie


def _tout_marque(page: pikepdf.Page) -> bool:
    """Whether the page paints text, images and shadings only inside marked content (its paths
    outside are made artifacts: ``traits_en_artefacts``)."""
    profondeur = 0
    for instruction in pikepdf.parse_content_stream(page, " ".join(("BMC", "BDC", "EMC", "BI", *sorted(MONTRER)))):
        operateur = str(instruction.operator) if isinstance(instruction, pikepdf.ContentStreamInstruction) else "BI"
        if operateur in ("BMC", "BDC"):
            profondeur += 1
        elif operateur == "EMC":
            profondeur -= 1
        elif profondeur <= 0:
            return False
    return True


def _remplacer_les_reservees(racine: pikepdf.Dictionary, reservees: list[pikepdf.Dictionary],
                             partie: pikepdf.Dictionary) -> bool:
    """The document's structure elements that mark content of the reserved pages lose that
    content; the first one's place goes to ``partie`` (in its stead if it is left empty); those
    left empty are removed. Whether a place was found."""
    arbre = pikepdf.NumberTree(racine.ParentTree)
    objets = {r.objgen for r in reservees}
    touches: list[pikepdf.Dictionary] = []
    vus: set[tuple[int, int]] = set()
    for reservee in reservees:
        elements = arbre.get(int(reservee.StructParents))
        for e in elements if isinstance(elements, pikepdf.Array) else ():
            if isinstance(e, pikepdf.Dictionary) and e.is_indirect and e.objgen not in vus:
                vus.add(e.objgen)
                touches.append(e)
    place = False
    for element in touches:
        gardes: list[pikepdf.Object] = []
        premier = None
        for k in _enfants(element):
            if not any(_sur_la_page(k, element, r) for r in reservees):
                gardes.append(k)
            elif not place and premier is None:
                premier = len(gardes)
        if premier is not None:
            place = True
            if gardes:
                partie.P = element
                gardes.insert(premier, partie)
            else:  # the mark's own paragraph: the annex in its stead
                parent = element.get("/P")
                if not isinstance(parent, pikepdf.Dictionary):
                    return False
                partie.P = parent
                parent.K = pikepdf.Array([partie if isinstance(k, pikepdf.Dictionary) and k.is_indirect
                                          and k.objgen == element.objgen else k for k in _enfants(parent)])
                continue
        pg = element.get("/Pg")
        if gardes:
            element.K = pikepdf.Array(gardes)
            if isinstance(pg, pikepdf.Dictionary) and pg.objgen in objets:
                del element["/Pg"]  # its kids left carry their own pages, or are elements
        else:
            _retirer(element)
    return place
