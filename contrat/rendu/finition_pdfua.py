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
  first column as row headers.
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
