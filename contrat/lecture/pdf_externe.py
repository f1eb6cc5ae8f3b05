"""An external PDF annex walked without trusting it: its page tree, what each page reaches, the
decoded size of every stream it reaches. Every walk is iterative, remembers what it has seen (by
object number and generation) and stops at a depth: a cyclic or absurdly deep file is refused
with a French message, never followed for ever.

Shared by ``check`` (lecture/dossier.py, the annex's page count and size) and the build
(rendu/finition.py, its pages rebuilt from what they show): both walk exactly the same graph.
Imports pikepdf: lecture/dossier.py loads this module only for a contract with PDF annexes.
"""

from __future__ import annotations

import base64
import binascii
import re
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pikepdf

PROFONDEUR_MAX = 64
"""Deepest nesting followed in an annex (page tree, resources): real files stay below ten."""

RESSOURCES_ADMISES: dict[str, tuple[type, ...]] = {
    "/Font": (pikepdf.Dictionary,),
    "/XObject": (pikepdf.Stream,),
    "/ExtGState": (pikepdf.Dictionary,),
    "/ColorSpace": (pikepdf.Name, pikepdf.Array, pikepdf.Dictionary),
    "/Pattern": (pikepdf.Dictionary, pikepdf.Stream),
    "/Shading": (pikepdf.Dictionary, pikepdf.Stream),
    "/Properties": (pikepdf.Dictionary,),
}
"""The kinds of resources a rebuilt page keeps, and what each entry of a kind may be; /ProcSet
(an array of names) is kept too. Anything else in /Resources is left behind."""

CLES_ACTIVES = {
    "/JavaScript": "JavaScript", "/JS": "JavaScript", "/AA": "action automatique", "/A": "action",
    "/OpenAction": "action", "/Next": "action", "/URI": "lien", "/Launch": "lancement de programme",
    "/EmbeddedFile": "fichier joint", "/EmbeddedFiles": "fichier joint", "/EF": "fichier joint",
    "/FS": "fichier joint", "/Annots": "annotation", "/AcroForm": "formulaire", "/Fields": "formulaire",
    "/Parent": "lien vers l'arbre des pages", "/P": "lien vers une page", "/Names": "noms du document",
    "/Dests": "noms du document", "/Outlines": "signets", "/PieceInfo": "données privées",
    "/Ref": "document externe", "/OPI": "document externe", "/RichMediaContent": "multimédia",
}
"""Keys dropped at any depth inside what a rebuilt page keeps, and what they are, for the report."""

TYPES_ACTIFS = {"/Annot": "annotation", "/Action": "action", "/Filespec": "fichier joint",
                "/EmbeddedFile": "fichier joint", "/Page": "page", "/Pages": "arbre des pages",
                "/Catalog": "catalogue", "/Sig": "signature", "/Sound": "multimédia", "/Movie": "multimédia",
                "/Rendition": "multimédia", "/RichMediaExecute": "multimédia"}
ACTIONS = {"/JavaScript", "/Launch", "/URI", "/GoTo", "/GoToR", "/GoToE", "/GoTo3DView", "/SubmitForm",
           "/ResetForm", "/ImportData", "/Hide", "/Named", "/Rendition", "/Sound", "/Movie", "/Thread",
           "/SetOCGState", "/Trans", "/RichMediaExecute", "/ECMAScript"}
"""A dictionary whose /Type is one of these, or whose /S names an action, is dropped where it is met."""


class PdfHostile(Exception):
    """The annex cannot be walked safely (cyclic or too deep): the message is French."""


@dataclass
class Feuille:
    """A page of the annex as the page tree reaches it, with the attributes it inherits."""

    objet: pikepdf.Dictionary
    herites: dict[str, Any] = field(default_factory=dict)
    pdf: pikepdf.Pdf | None = None


HERITABLES = ("/MediaBox", "/CropBox", "/Rotate", "/Resources")
NOEUDS_MAX = 250_000
"""Entries of the page tree listed in all (check counts up to 100 000 pages, to say how many)."""


def _nom(objet: pikepdf.Object) -> str:
    return f"{objet.objgen[0]} {objet.objgen[1]}"


def pages(pdf: pikepdf.Pdf, maximum: int) -> list[Feuille]:
    """The leaves of the page tree in reading order (at most ``maximum`` + 1: enough to say there
    are too many), walked from /Root /Pages down without qpdf's own walk (``pdf.pages`` raises or
    repairs on a cyclic tree); a node met twice, a node deeper than ``PROFONDEUR_MAX`` or a page
    whose /Parent chain loops makes the file refused."""
    racine = pdf.Root.get("/Pages") if isinstance(pdf.Root, pikepdf.Dictionary) else None
    if not isinstance(racine, pikepdf.Dictionary):
        raise PdfHostile("pas d'arbre des pages (/Root /Pages absent)")
    feuilles: list[Feuille] = []
    vus: set[tuple[int, int]] = set()
    pile: list[tuple[pikepdf.Dictionary, int, dict[str, Any]]] = [(racine, 0, {})]
    noeuds = 0
    while pile and len(feuilles) <= maximum:
        noeud, profondeur, herites = pile.pop()
        if profondeur > PROFONDEUR_MAX:
            raise PdfHostile(f"arbre des pages trop profond (plus de {PROFONDEUR_MAX} niveaux) : PDF refusé")
        if noeud.is_indirect:
            _une_seule_fois(noeud, vus, "arbre des pages", " : PDF refusé")
        herites = {**herites, **{c: noeud[c] for c in HERITABLES if c in noeud}}
        enfants = noeud.get("/Kids")
        if enfants is None and noeud.get("/Type") != pikepdf.Name.Pages:
            _parents_bornes(noeud)
            feuilles.append(Feuille(noeud, herites, pdf))
            continue
        if not isinstance(enfants, pikepdf.Array):
            continue  # an empty node
        noeuds += len(enfants)  # counted before they are listed (a /Kids of millions of references)
        if noeuds > NOEUDS_MAX:
            raise PdfHostile(f"arbre des pages démesuré (plus de {NOEUDS_MAX} nœuds) : PDF refusé")
        for enfant in reversed(list(enfants)):
            if isinstance(enfant, pikepdf.Dictionary):
                pile.append((enfant, profondeur + 1, herites))
    return feuilles


def _une_seule_fois(objet: pikepdf.Object, vus: set[tuple[int, int]], quoi: str, suite: str = "") -> None:
    """Record an indirect object as visited; a second visit means ``quoi`` is cyclic."""
    if objet.objgen in vus:
        raise PdfHostile(f"{quoi} cyclique (l'objet {_nom(objet)} y revient){suite}")
    vus.add(objet.objgen)


def _parents_bornes(page: pikepdf.Dictionary) -> None:
    """A page's /Parent chain (what a reader follows to inherit attributes) ends, and soon."""
    vus = {page.objgen} if page.is_indirect else set()
    parent = page.get("/Parent")
    for _ in range(PROFONDEUR_MAX + 1):
        if not isinstance(parent, pikepdf.Dictionary):
            return
        if parent.is_indirect:
            _une_seule_fois(parent, vus, "chaîne /Parent", " : PDF refusé")
        parent = parent.get("/Parent")
    raise PdfHostile(f"chaîne /Parent trop longue (plus de {PROFONDEUR_MAX} niveaux) : PDF refusé")


OBJETS_MAX = 100_000
"""Objects an annex's pages may reach in all (a 300-page scan reaches a few thousand): past it
the walk would take minutes."""


@dataclass
class Parcours:
    """What one walk over an annex has met: each object once, and how many in all."""

    vus: set[tuple[int, int]] = field(default_factory=set)
    nombre: int = 0
    """Objects and entries enumerated so far (the walk's cost, bounded by ``OBJETS_MAX``)."""
    admises: dict[tuple[int, int], pikepdf.Object] = field(default_factory=dict)
    """Allow-listed resources already made from a shared (indirect) dictionary: made once."""
    dessins: set[tuple[int, int]] = field(default_factory=set)
    """Forms known not to draw themselves (a form shared by 300 pages is read once)."""

    def compter(self, nombre: int) -> None:
        self.nombre += nombre
        if self.nombre > OBJETS_MAX:
            raise PdfHostile(f"plus de {OBJETS_MAX} objets atteints par les pages : PDF refusé")


def atteints(racine: pikepdf.Object, parcours: Parcours | None = None) -> Iterator[pikepdf.Object]:
    """Every dictionary, stream and array reachable from ``racine``, each once (``parcours``:
    shared between calls, to count a font used by every page once, or to prune it once). The
    caller may delete keys of what it is given before the walk goes on into it. Deeper than
    ``PROFONDEUR_MAX``, or more than ``OBJETS_MAX`` objects: refused."""
    parcours = Parcours() if parcours is None else parcours
    pile: list[tuple[pikepdf.Object, int]] = [(racine, 0)]
    while pile:
        objet, profondeur = pile.pop()
        if objet.is_indirect:
            if objet.objgen in parcours.vus:
                continue
            parcours.vus.add(objet.objgen)
        if profondeur > PROFONDEUR_MAX:
            raise PdfHostile(f"objets imbriqués sur plus de {PROFONDEUR_MAX} niveaux : PDF refusé")
        parcours.compter(1 + _taille(objet))
        yield objet
        enfants = list(objet) if isinstance(objet, pikepdf.Array) else list(objet.values())
        pile.extend((e, profondeur + 1) for e in reversed(enfants)
                    if isinstance(e, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)))


def _taille(objet: pikepdf.Object) -> int:
    """Entries of an array or dictionary, counted without listing them (3 million keys would
    take 600 Mo as a Python set)."""
    return len(objet.stream_dict if isinstance(objet, pikepdf.Stream) else objet)


def page_montree(feuille: Feuille, parcours: Parcours | None = None) -> tuple[pikepdf.Dictionary, list[str]]:
    """A new page dictionary (in the annex's file) with only what the page shows: boxes, rotation,
    content, and an allow-list of resource kinds, from which anything active (JavaScript, actions,
    attached files, annotations, forms) is removed at any depth. Also what was left behind.

    The annex's objects are changed in place: the annex is opened for reading and never saved,
    and copying the new page then copies exactly what it reaches. ``parcours``: shared by the
    pages of one annex, what one page has pruned is not walked again for the next."""
    objet, retires = feuille.objet, []
    if isinstance(objet.get("/Annots"), pikepdf.Array) and len(objet.Annots):
        retires.append(f"{len(objet.Annots)} annotation(s) (liens, formulaires, multimédia)")
    if "/AA" in objet:
        retires.append("action automatique")
    nouvelle = pikepdf.Dictionary(Type=pikepdf.Name.Page)
    for cle in ("/MediaBox", "/CropBox"):
        boite = feuille.herites.get(cle)
        if isinstance(boite, pikepdf.Array) and len(boite) == 4 and all(_nombre(x) for x in boite):
            nouvelle[cle] = boite
    rotation = feuille.herites.get("/Rotate")
    if isinstance(rotation, int) and rotation % 90 == 0:
        nouvelle.Rotate = rotation
    herite = feuille.herites.get("/Resources")
    parcours = Parcours() if parcours is None else parcours
    ressources = _ressources_admises(herite, parcours, feuille.pdf)
    caches: dict[str, int] = {}
    if isinstance(herite, pikepdf.Dictionary) and ressources is not None:
        nouvelle.Resources = ressources
        _compter(caches, ["ressource inconnue" for k in herite.keys() if k not in ressources])
    contenu = objet.get("/Contents")
    if isinstance(contenu, pikepdf.Stream) or (isinstance(contenu, pikepdf.Array)
                                               and all(isinstance(c, pikepdf.Stream) for c in contenu)):
        nouvelle.Contents = contenu
    for atteint in atteints(nouvelle, parcours):
        _compter(caches, _elaguer(atteint, parcours, feuille.pdf))
    if caches:
        retires.append(f"{sum(caches.values())} contenu(s) actif(s) caché(s) dans les ressources "
                       f"({', '.join(sorted(caches))})")
    return nouvelle, retires


def _dessines(forme: pikepdf.Object) -> list[pikepdf.Object]:
    """The forms that drawing ``forme`` draws in turn: those its content calls (``Do``), not all
    those its resources list (some writers give a form its page's resources, itself included)."""
    ressources = forme.get("/Resources")
    xobjets = ressources.get("/XObject") if isinstance(ressources, pikepdf.Dictionary) else None
    if not isinstance(xobjets, pikepdf.Dictionary):
        return []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pikepdf warns of a damaged content stream
            instructions = pikepdf.parse_content_stream(forme, "Do")
    except pikepdf.PdfError:
        return []  # content that cannot be decoded draws nothing (readers show what precedes the damage)
    noms = {str(i.operands[0]) for i in instructions if isinstance(i, pikepdf.ContentStreamInstruction) and i.operands}
    return [x for nom, x in xobjets.items() if nom in noms and isinstance(x, pikepdf.Stream) and x.is_indirect
            and x.get("/Subtype") == pikepdf.Name.Form]


def dessins_acycliques(page: pikepdf.Dictionary, parcours: Parcours | None = None) -> None:
    """No form of a rebuilt page draws itself, directly or through others: a reader would draw it
    for ever (or until its stack breaks). Reads the forms' content: to run once their decoded
    size is known to be bounded (``taille_des_pages``). ``parcours``: shared by an annex's pages."""
    ressources = page.get("/Resources")
    xobjets = ressources.get("/XObject") if isinstance(ressources, pikepdf.Dictionary) else None
    if not isinstance(xobjets, pikepdf.Dictionary):
        return
    en_cours: set[tuple[int, int]] = set()
    finis = (parcours or Parcours()).dessins
    chemin: list[tuple[int, int]] = []
    pile: list[Iterator[pikepdf.Object]] = [iter([x for x in xobjets.values() if isinstance(x, pikepdf.Stream)
                                                  and x.is_indirect and x.get("/Subtype") == pikepdf.Name.Form])]
    while pile:
        suivant = next(pile[-1], None)
        if suivant is None:
            pile.pop()
            if chemin:
                fini = chemin.pop()
                en_cours.discard(fini)
                finis.add(fini)
            continue
        if suivant.objgen in en_cours:
            raise PdfHostile(f"forme qui se dessine elle-même (l'objet {_nom(suivant)}) : PDF refusé")
        if suivant.objgen in finis:
            continue
        if len(chemin) >= PROFONDEUR_MAX:
            raise PdfHostile(f"objets imbriqués sur plus de {PROFONDEUR_MAX} niveaux : PDF refusé")
        en_cours.add(suivant.objgen)
        chemin.append(suivant.objgen)
        pile.append(iter(_dessines(suivant)))


def _compter(caches: dict[str, int], natures: list[str]) -> None:
    for nature in natures:
        caches[nature] = caches.get(nature, 0) + 1


def _nombre(x: Any) -> bool:
    return isinstance(x, (int, float, Decimal)) and not isinstance(x, bool)


def _ressources_admises(ressources: Any, parcours: Parcours,
                        pdf: pikepdf.Pdf | None = None) -> pikepdf.Dictionary | None:
    """A new /Resources with only the admitted kinds, each entry of the admitted type. A kind's
    dictionary shared by many pages (indirect) is filtered once, into one new shared dictionary
    (``pdf``: where to make it): a walk over 300 pages does not enumerate it 300 times."""
    if not isinstance(ressources, pikepdf.Dictionary):
        return None
    admises = pikepdf.Dictionary()
    for nature, types in RESSOURCES_ADMISES.items():
        entrees = ressources.get(nature)
        if not isinstance(entrees, pikepdf.Dictionary):
            continue
        partage = entrees.objgen if entrees.is_indirect and pdf is not None else None
        if partage in parcours.admises:
            admises[nature] = parcours.admises[partage]
            continue
        parcours.compter(_taille(entrees))
        filtrees = pikepdf.Dictionary({k: v for k, v in entrees.items() if isinstance(v, types)
                                       and _xobjet_admis(nature, v)})
        if partage is not None and pdf is not None:
            filtrees = parcours.admises[partage] = pdf.make_indirect(filtrees)
        admises[nature] = filtrees
    if isinstance(ressources.get("/ProcSet"), pikepdf.Array):
        admises.ProcSet = pikepdf.Array([n for n in ressources.ProcSet if isinstance(n, pikepdf.Name)])
    return admises


def _xobjet_admis(nature: str, valeur: pikepdf.Object) -> bool:
    """Images and forms; not PostScript XObjects (PDF/A forbids them; they run code in printers)."""
    return nature != "/XObject" or valeur.get("/Subtype") in (pikepdf.Name.Image, pikepdf.Name.Form)


def _actif(valeur: Any) -> str | None:
    """What a dictionary is when it is active content (an annotation, an action, a file...)."""
    if not isinstance(valeur, (pikepdf.Dictionary, pikepdf.Stream)):
        return None
    genre = valeur.get("/Type")
    if isinstance(genre, pikepdf.Name) and str(genre) in TYPES_ACTIFS:
        return TYPES_ACTIFS[str(genre)]
    action = valeur.get("/S")
    if isinstance(action, pikepdf.Name) and str(action) in ACTIONS:
        return "JavaScript" if str(action) in ("/JavaScript", "/ECMAScript") else "action"
    return None


def _elaguer(objet: pikepdf.Object, parcours: Parcours, pdf: pikepdf.Pdf | None) -> list[str]:
    """Remove from ``objet`` (in place) what is active; what was removed. A nested /Resources
    (a form's, a pattern's, a Type3 font's) keeps the admitted kinds only."""
    retires: list[str] = []
    if isinstance(objet, pikepdf.Array):
        for i, valeur in enumerate(objet):
            nature = _actif(valeur)
            if nature:
                objet[i] = None
                retires.append(nature)
        return retires
    for cle in list(objet.keys()):
        valeur = objet[cle]
        nature = CLES_ACTIVES.get(cle) if not (cle == "/P" and not isinstance(valeur, pikepdf.Dictionary)) else None
        if cle == "/S" and isinstance(valeur, pikepdf.Name) and str(valeur) in ACTIONS:
            nature = "action"
        if cle in ("/F", "/FFilter", "/FDecodeParms") and isinstance(objet, pikepdf.Stream):
            nature = "document externe"  # the stream's data read from a file or an address
        nature = nature or _actif(valeur)
        if nature:
            del objet[cle]
            retires.append(nature)
        elif cle == "/Resources" and isinstance(valeur, pikepdf.Dictionary):
            admises = _ressources_admises(valeur, parcours, pdf) or pikepdf.Dictionary()
            retires.extend("ressource inconnue" for k in valeur.keys() if k not in admises)
            objet[cle] = admises
    return retires


# --- decoded size, bounded ---------------------------------------------------------------------------

FILTRES_IMAGE = {"/DCTDecode", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode", "/Crypt", "/DCT", "/CCF"}
"""Decoded by readers into pixels, never by us: counted as stored."""
ABREGES = {"/Fl": "/FlateDecode", "/AHx": "/ASCIIHexDecode", "/A85": "/ASCII85Decode", "/LZW": "/LZWDecode",
           "/RL": "/RunLengthDecode"}
BLOC = 1 << 20


def taille_decodee(flux: pikepdf.Stream, plafond: int) -> int:
    """Decoded size of a stream, never holding or computing more than ``plafond`` + 1 bytes of it
    (a bomb stops there): each filter of its chain is decoded in bounded steps; an intermediate
    stage larger than the cap counts as over it."""
    filtres = flux.get("/Filter")
    noms = [filtres] if isinstance(filtres, pikepdf.Name) else list(filtres) if isinstance(filtres, pikepdf.Array) else []
    donnees = flux.read_raw_bytes()
    for n, filtre in enumerate(noms):
        nom = ABREGES.get(str(filtre), str(filtre))
        if nom in FILTRES_IMAGE or nom not in DECODEURS:
            break
        dernier = n == len(noms) - 1
        decode = DECODEURS[nom](donnees, plafond + 1, not dernier)
        if isinstance(decode, int):  # counted without being kept (the last stage)
            return decode
        donnees = decode
        if len(donnees) > plafond:
            break
    return len(donnees)


def _inflate(donnees: bytes, plafond: int, garder: bool) -> bytes | int:
    """Flate decoding by blocks of 1 Mo, stopping past ``plafond``; the bytes, or their count."""
    d, morceaux, total = zlib.decompressobj(), [], 0
    reste = donnees
    try:
        while reste and total < plafond:
            bloc = d.decompress(reste, min(BLOC, plafond - total))
            reste = d.unconsumed_tail
            total += len(bloc)
            if garder:
                morceaux.append(bloc)
            if not bloc and not reste:
                break
            if d.eof:
                break
    except zlib.error:
        pass  # a damaged stream: what came out before the damage is what a reader shows
    return b"".join(morceaux) if garder else total


def _hexa(donnees: bytes, plafond: int, garder: bool) -> bytes:
    texte = re.sub(rb"\s", b"", donnees.split(b">")[0])
    try:
        return binascii.unhexlify(texte + b"0" * (len(texte) % 2))
    except binascii.Error:
        return b""


def _base85(donnees: bytes, plafond: int, garder: bool) -> bytes:
    texte = re.sub(rb"\s", b"", donnees.split(b"~>")[0])
    try:
        return base64.a85decode(texte)  # never longer than its input
    except ValueError:
        return b""


def _longueurs(donnees: bytes, plafond: int, garder: bool) -> bytes:
    """RunLength: at most 128 bytes for 2, so decoded up to the cap."""
    sortie, i = bytearray(), 0
    while i < len(donnees) and len(sortie) < plafond:
        n = donnees[i]
        if n == 128:
            break
        if n < 128:
            sortie += donnees[i + 1:i + 2 + n]
            i += n + 2
        else:
            sortie += donnees[i + 1:i + 2] * (257 - n)
            i += 2
    return bytes(sortie)


def _lzw(donnees: bytes, plafond: int, garder: bool) -> bytes:
    """LZW (EarlyChange 1, as PDF writers use it), stopping past the cap."""
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    sortie, precedent = bytearray(), b""
    largeur, tampon, bits = 9, 0, 0
    for octet in donnees:
        tampon, bits = (tampon << 8) | octet, bits + 8
        while bits >= largeur:
            bits -= largeur
            code = (tampon >> bits) & ((1 << largeur) - 1)
            if code == 256:
                table, precedent, largeur = table[:258], b"", 9
                continue
            if code == 257:
                return bytes(sortie)
            if code < len(table):
                entree = table[code]
            elif precedent:
                entree = precedent + precedent[:1]
            else:
                return bytes(sortie)
            if precedent and len(table) < 4096:
                table.append(precedent + entree[:1])
            sortie += entree
            if len(sortie) >= plafond:
                return bytes(sortie)
            precedent = entree
            largeur = min(12, max(9, (len(table) + 1).bit_length()))
        tampon &= (1 << bits) - 1
    return bytes(sortie)


DECODEURS: dict[str, Any] = {"/FlateDecode": _inflate, "/ASCIIHexDecode": _hexa, "/ASCII85Decode": _base85,
                             "/RunLengthDecode": _longueurs, "/LZWDecode": _lzw}


def taille_des_pages(feuilles: list[Feuille], plafond: int) -> int:
    """Decoded size of every stream the pages, once rebuilt, reach (contents, forms at any depth,
    images, fonts), each counted once; stops past ``plafond``. Under it, the forms are then read:
    one that draws itself makes the annex refused."""
    total, elagage, comptage, nouvelles = 0, Parcours(), Parcours(), []
    for feuille in feuilles:
        nouvelle, _ = page_montree(feuille, elagage)
        nouvelles.append(nouvelle)
        for objet in atteints(nouvelle, comptage):
            if isinstance(objet, pikepdf.Stream):
                total += taille_decodee(objet, plafond - total)
                if total > plafond:
                    return total
    for nouvelle in nouvelles:  # now that reading the forms is known to be bounded
        dessins_acycliques(nouvelle, elagage)
    return total


def formulaire_borne(pdf: pikepdf.Pdf) -> None:
    """The form's field tree (/AcroForm /Fields, /Kids) ends, and soon: pyHanko follows it to find
    signatures, and gives up on a cycle with an exception of its own."""
    formulaire = pdf.Root.get("/AcroForm") if isinstance(pdf.Root, pikepdf.Dictionary) else None
    champs = formulaire.get("/Fields") if isinstance(formulaire, pikepdf.Dictionary) else None
    if not isinstance(champs, pikepdf.Array):
        return
    vus: set[tuple[int, int]] = set()
    pile = [(c, 1) for c in champs]
    while pile:
        champ, profondeur = pile.pop()
        if not isinstance(champ, pikepdf.Dictionary):
            continue
        if champ.is_indirect:
            _une_seule_fois(champ, vus, "arbre des champs de formulaire")
        if profondeur > PROFONDEUR_MAX:
            raise PdfHostile(f"arbre des champs de formulaire trop profond (plus de {PROFONDEUR_MAX} niveaux)")
        enfants = champ.get("/Kids")
        if isinstance(enfants, pikepdf.Array):
            pile.extend((e, profondeur + 1) for e in enfants)
