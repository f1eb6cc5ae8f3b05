"""The web writer of the printed tree: the contract as static, accessible HTML pages (the whole
contract on one, each chapter on its own), from the tree and nothing else (as the Word writer,
``arbre_docx.py``).

What a reader on a phone or with a screen reader needs and paper does not: the sommaire as a
navigation with links, headings in continuous levels, stable anchors built from the units' codes
(the tree's ``cle`` path: ``#enjeux/acces-emploi/orientation``), real tables with their caption
and header cells, lists as lists, acronyms as abbreviations with their meaning (read in the
printed list of acronyms). No script; one small stylesheet (responsive, with a print style).

The words are the PDF's, in the same order: each paragraph's text is spaced as the Word writer
spaces it (``impression.typographie.typographier``, over the paragraph's runs). Words the page adds
for who cannot see the layout (the name of a table the PDF prints without a title) are
visually hidden (class ``vh``), never visible text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from contrat.amendements.imprime import (
    COLONNES_COMPARAISON,
    DOCUMENT_JOINT,
    TITRE_COMPARAISON,
    AvenantImprime,
    Bloc,
    Style,
)
from contrat.impression.arbre import Genre, Noeud, Role, parcourir
from contrat.impression.typographie import typographier
from contrat.modele.prose import Segment
from contrat.rendu.typographie_docx import ORDINAL

DOSSIER = "web"
"""Where the site goes in the published set (``dist/web/``)."""
FEUILLE = Path(__file__).with_name("web_style.css")
NOM_FEUILLE = "style.css"
TITRE_SOMMAIRE = "Sommaire"
TELECHARGER = "Télécharger le contrat en PDF"
EVITEMENT = "Aller au contenu"
ALLER_AU_SOMMAIRE = "Aller au sommaire"
TABLEAU_DEFILANT = "Tableau défilant : "
"""The accessible name of a table's scrolling wrapper (it takes the keyboard focus)."""


@dataclass(frozen=True)
class Fichier:
    """A file the site links to: an external PDF annex copied beside the page."""

    nom: str
    octets: bytes


@dataclass
class _Page:
    """What the page is being written with: the output, the headings met (for the sommaire), the
    ids given, the acronyms to mark."""

    sigles: dict[str, str]
    motif: re.Pattern[str] | None
    joints: dict[str, Fichier]
    morceaux: list[str] = field(default_factory=list)
    titres: list[tuple[int, str, str]] = field(default_factory=list)
    """(level, id, text) of each heading, in order."""
    ids: set[str] = field(default_factory=set)
    documents: dict[str, str] = field(default_factory=dict)
    """The anchor of each annex's and contribution's heading, by its code (what a reference names)."""
    dernier_titre: str = ""
    """The text of the last heading written (names a table the PDF prints without a title)."""
    adresses: dict[tuple[str, ...], str] = field(default_factory=dict)
    """The anchor given to each unit's path (its first, when a path is met twice)."""
    ancres: list[str] = field(default_factory=list)
    """Every anchor given, in order."""

    def ecrire(self, *textes: str) -> None:
        self.morceaux.extend(textes)


# --- entry point ---------------------------------------------------------------------------


def rendre_web(arbre: Noeud, version: Noeud | None = None, pdf: str = "", joints: dict[str, Fichier] | None = None,
               registre: dict[str, str] | None = None, dossier: str = DOSSIER, taille_pdf: int = 0) -> dict[str, bytes]:
    """The site of the printed contract ``arbre``: file name under ``web/`` -> bytes. The whole
    contract on one page (``index.html``), and each chapter on its own (``chapitre-<code>.html``,
    the signature page ``signatures.html``): the same units, written once.

    ``version``: the cover's version block (``impression.version``: the banner's line, the
    history of versions at the end of the header); ``pdf``: the PDF's name in the published
    set (linked from the banner); ``joints``: the files of the external PDF annexes by their
    document's code; ``registre``: the acronyms' meanings of the contract's registry, for a
    contract that prints no list of acronyms (the list's, else); ``dossier``: the site's folder in
    the set (another set published beside, a point-in-time build, has its own); ``taille_pdf``: the
    PDF's size in bytes, said beside its link."""
    corps, chapitres = _ecrire_contrat(arbre, registre, joints)
    sigles, motif = corps.sigles, corps.motif
    fichier_de = _fichier_de(chapitres)
    entete = _entete(arbre, _Page(sigles, motif, corps.joints, ids=set(corps.ids)), version, pdf, taille_pdf)
    entete_court = _entete(arbre, _Page(sigles, motif, corps.joints, ids=set(corps.ids)), version, pdf, taille_pdf,
                           complet=False)
    intitule = next(n.texte for n in arbre.enfants if n.role == Role.ENTETE_PAGES)  # the tree always has it
    renvois = dict(corps.documents)
    fichiers = {f"{dossier}/index.html": _document(intitule, entete, _sommaire(corps.titres, lambda i: f"#{i}"),
                                                    _renvois(corps.morceaux, renvois, lambda i: f"#{i}"))}
    for k, c in enumerate(chapitres):
        voisins = _voisins(chapitres[k - 1] if k else None, chapitres[k + 1] if k + 1 < len(chapitres) else None)
        sommaire = _sommaire(corps.titres, lambda i: f"{fichier_de.get(i, 'index.html')}#{i}",
                             c.ids[0] if c.ids else "")
        ici = c.nom

        def lien(ident: str, ici: str = ici) -> str:
            fichier = fichier_de.get(ident, "index.html")
            return f"#{ident}" if fichier == ici else f"{fichier}#{ident}"

        fichiers[f"{dossier}/{c.nom}"] = _document(f"{c.titre} – {intitule}", entete_court, sommaire,
                                                   _renvois(c.morceaux, renvois, lien), voisins)
    fichiers[f"{dossier}/{NOM_FEUILLE}"] = FEUILLE.read_bytes()
    for f in corps.joints.values():
        fichiers[f"{dossier}/{f.nom}"] = f.octets
    return fichiers


def _ecrire_contrat(arbre: Noeud, registre: dict[str, str] | None = None, joints: dict[str, Fichier] | None = None
                    ) -> tuple[_Page, list[_Chapitre]]:
    """The contract's units written once, and how they divide into the chapters' pages."""
    sigles = sigles_imprimes(arbre) or dict(registre or {})
    corps = _Page(sigles, _motif(sigles), joints or {})
    chapitres: list[_Chapitre] = []
    for n in arbre.enfants:
        debut, titres, ancres = len(corps.morceaux), len(corps.titres), len(corps.ancres)
        _ecrire(corps, n, 2, ())
        if n.genre in (Genre.CHAPITRE, Genre.SIGNATURES):
            nom = "signatures.html" if n.genre == Genre.SIGNATURES else f"chapitre-{ancre((n.cle,))}.html"
            chapitres.append(_Chapitre(nom, " ".join(typographier(n.ligne).split())))
        if chapitres:  # what follows a chapter (the parties that joined) is on its page
            chapitres[-1].morceaux += corps.morceaux[debut:]
            chapitres[-1].ids += [ident for _, ident, _ in corps.titres[titres:]]
            chapitres[-1].ancres += corps.ancres[ancres:]
    return corps, chapitres


def _fichier_de(chapitres: list[_Chapitre]) -> dict[str, str]:
    """The chapter page each anchor is on (the others: on the whole contract's page only)."""
    return {ident: c.nom for c in chapitres for ident in c.ancres}


def _motif(sigles: dict[str, str]) -> re.Pattern[str] | None:
    """The acronyms as whole words (the longest first), to mark them."""
    if not sigles:
        return None
    return re.compile(r"(?<![\w’'-])(" + "|".join(re.escape(s) for s in sorted(sigles, key=len, reverse=True))
                      + r")(?![\w])")


@dataclass(frozen=True)
class Adresses:
    """Where things are in a contract's site: what an avenant's page links to."""

    unites: dict[Chemin, str]
    """Each unit that has an anchor, by its path in the tree: « chapitre-enjeux.html#enjeux/sante »."""
    documents: dict[str, str]
    """Each annex's and contribution's heading, by its code (what a reference names)."""


def adresses(arbre: Noeud) -> Adresses:
    """The places of the site of ``arbre`` (its pages are written, not kept)."""
    corps, chapitres = _ecrire_contrat(arbre)
    fichier_de = _fichier_de(chapitres)

    def adresse(ident: str) -> str:
        return f"{fichier_de.get(ident, 'index.html')}#{ident}"

    return Adresses({chemin: adresse(ident) for chemin, ident in corps.adresses.items()},
                    {code: adresse(ident) for code, ident in corps.documents.items()})


RENVOI = "\x00"
"""Marks a reference's target while the pages are written (no text holds it)."""
_RENVOI = re.compile("<a href=\"\x00([^\x00]*)\x00\">(.*?)</a>", re.S)


def _renvois(morceaux: list[str], documents: dict[str, str], lien: Callable[[str], str]) -> list[str]:
    """The references of ``morceaux`` as links to their document's heading (``lien``: its address
    from this page); one to a code no document has: its words alone (the check reports it)."""
    def remplacer(m: re.Match[str]) -> str:
        ident = documents.get(html.unescape(m.group(1)))
        return f"<a href=\"{_e(lien(ident))}\">{m.group(2)}</a>" if ident else m.group(2)

    return [_RENVOI.sub(remplacer, x) if RENVOI in x else x for x in morceaux]


@dataclass
class _Chapitre:
    """A chapter's own page: its file, its heading, what it prints, the anchors of its headings."""

    nom: str
    titre: str
    morceaux: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    """The anchors of its headings (the sommaire's)."""
    ancres: list[str] = field(default_factory=list)
    """Every anchor on it."""


TOUT_LE_CONTRAT = "Tout le contrat sur une page"
PRECEDENT, SUIVANT, VOISINS = "Précédent : ", "Suivant : ", "Chapitres voisins"


def _voisins(avant: _Chapitre | None, apres: _Chapitre | None) -> list[str]:
    """The links of a chapter's page to the previous and next ones, and to the whole contract."""
    liens = [f"<li><a href=\"{c.nom}\" rel=\"{rel}\">{quoi}{_e(c.titre)}</a></li>"
             for c, quoi, rel in ((avant, PRECEDENT, "prev"), (apres, SUIVANT, "next")) if c is not None]
    liens.append(f"<li><a href=\"index.html\">{TOUT_LE_CONTRAT}</a></li>")
    return [f"<nav class=\"voisins\" aria-label=\"{VOISINS}\"><ul>", *liens, "</ul></nav>\n"]


def _document(titre: str, entete: list[str], sommaire: str, contenu: list[str], pied: Sequence[str] = ()) -> bytes:
    """A page of the site: its title, the banner and cover, the sommaire, its content."""
    return "".join([
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        f"<title>{_e(titre)}</title>\n<link rel=\"stylesheet\" href=\"{NOM_FEUILLE}\">\n</head>\n<body>\n",
        f"<a class=\"evitement\" href=\"#contenu\">{EVITEMENT}</a>\n",
        *entete, sommaire, "<main id=\"contenu\">\n", *contenu, "</main>\n", *pied, "</body>\n</html>\n",
    ]).encode("utf-8")


def sigles_imprimes(arbre: Noeud) -> dict[str, str]:
    """Acronym -> meaning, as the printed list of acronyms gives them (none: no list)."""
    tableau = next((n for n in parcourir(arbre) if n.genre == Genre.TABLEAU and n.cle == "sigles"), None)
    if tableau is None:
        return {}
    sens = {}
    for ligne in tableau.enfants:
        if ligne.genre == Genre.LIGNE and ligne.enfants and ligne.enfants[0].texte != "—":
            sens[ligne.texte] = ligne.enfants[0].texte
    return sens


# --- the banner and the sommaire --------------------------------------------------------------


def _entete(arbre: Noeud, page: _Page, version: Noeud | None, pdf: str, taille_pdf: int,
            complet: bool = True) -> list[str]:
    """The cover as the page's header: the version banner, the title, the territory, the QPV,
    the history of versions; not ``complet`` (a chapter's page): without the epigraph and the
    history, which the whole contract's page gives (a phone reaches the chapter a screen sooner)."""
    couverture = next((n for n in arbre.enfants if n.genre == Genre.PARTIE), None)
    sortie = _Page(page.sigles, page.motif, page.joints, ids=page.ids)
    sortie.ecrire("<header class=\"couverture\">\n<div class=\"bandeau\" role=\"note\">")
    bloc = version.enfants if version else []
    for x in bloc:
        if x.role == Role.VERSION:
            sortie.ecrire(f"<p class=\"version\">{_ligne(sortie, x)}</p>")
    if pdf:
        poids = f" ({taille(taille_pdf)})" if taille_pdf else ""
        sortie.ecrire(f"<p class=\"telecharger\"><a href=\"../{_e(pdf)}\" type=\"application/pdf\" download>"
                      f"{TELECHARGER}</a>{poids}</p>")
    sortie.ecrire(f"<p class=\"evitement-sommaire\"><a href=\"#sommaire\">{ALLER_AU_SOMMAIRE}</a></p></div>\n")
    for x in couverture.enfants if couverture else []:
        if x.role == Role.TITRE:
            sortie.ecrire(f"<h1>{_ligne(sortie, x)}</h1>\n")
        elif x.role == Role.EPIGRAPHE and complet:
            sortie.ecrire("<blockquote class=\"epigraphe\">")
            for a in x.enfants:
                sortie.ecrire(f"<p class=\"{'auteur' if a.role == Role.AUTEUR else 'alinea'}\">{_ligne(sortie, a)}</p>")
            sortie.ecrire("</blockquote>\n")
        elif x.role == Role.QUARTIERS:
            lignes = "<br>".join(_texte(sortie, typographier(t)) for t in x.texte.split("\n"))
            sortie.ecrire(f"<p class=\"quartiers\">{lignes}</p>\n")
        elif x.genre == Genre.MENTION:
            sortie.ecrire(f"<p class=\"{x.role.value if x.role else 'mention'}\">{_ligne(sortie, x)}</p>\n")
    titre = next((x.texte for x in bloc if x.role == Role.SOUS_TITRE_ANNEXE), "")
    for x in bloc:
        if x.genre == Genre.TABLEAU_TEXTE and complet:
            _grille(sortie, x, [_texte(sortie, titre)], _ident(sortie, ("historique",)), titre, (x.cle,))
    sortie.ecrire("</header>\n")
    return sortie.morceaux


def _sommaire(titres: list[tuple[int, str, str]], lien: Callable[[str], str], courant: str = "") -> str:
    """The navigation: every chapter and, under it, its sections (the headings of level 2 and 3);
    ``lien``: the address of a heading's anchor (on this page, or on its chapter's); ``courant``:
    the chapter of this page (said to who cannot see it highlighted)."""
    sortie = [f"<nav id=\"sommaire\" aria-labelledby=\"titre-sommaire\">\n<h2 id=\"titre-sommaire\">{TITRE_SOMMAIRE}</h2>\n<ol>"]
    ouvert = False
    for niveau, ident, texte in titres:
        if niveau == 2:
            if ouvert:
                sortie.append("</ol></li>")
            actuel = " aria-current=\"page\"" if ident == courant else ""
            sortie.append(f"\n<li><a href=\"{_e(lien(ident))}\"{actuel}>{_e(texte)}</a><ol>")
            ouvert = True
        elif niveau == 3 and ouvert:
            sortie.append(f"<li><a href=\"{_e(lien(ident))}\">{_e(texte)}</a></li>")
    if ouvert:
        sortie.append("</ol></li>")
    sortie.append("\n</ol>\n</nav>\n")
    # An empty sub-list is not a list: removed.
    return "".join(sortie).replace("<ol></ol>", "")


# --- units ----------------------------------------------------------------------------------


Chemin = tuple[str, ...]


def ancre(chemin: Chemin) -> str:
    """A unit's anchor: its codes' path (« enjeux/emploi/insertion »), each code kept to the
    characters a URL fragment carries as they are (« §3 », a paragraph's rank: « p3 »)."""
    return "/".join(re.sub(r"[^A-Za-z0-9_.:-]", "-", c.replace("§", "p")) for c in chemin if c)


def _ecrire(p: _Page, n: Noeud, niveau: int, chemin: Chemin) -> None:
    """Write unit ``n``; ``niveau``: the heading level its own heading takes (2 for a chapter)."""
    ECRIVAINS.get(n.genre, _enfants)(p, n, niveau, (*chemin, n.cle))


def _enfants(p: _Page, n: Noeud, niveau: int, chemin: Chemin) -> None:
    _suite(p, n.enfants, niveau, chemin)


def _suite(p: _Page, noeuds: list[Noeud], niveau: int, chemin: Chemin) -> None:
    """Units one after the other; a run of list items (a measures list's) as one list."""
    k = 0
    while k < len(noeuds):
        if _item(noeuds[k]):
            fin = k
            while fin < len(noeuds) and _item(noeuds[fin]):
                fin += 1
            _items(p, noeuds[k:fin])
            k = fin
            continue
        _ecrire(p, noeuds[k], niveau, chemin)
        k += 1


def _item(n: Noeud) -> bool:
    return n.genre == Genre.ELEMENT and n.role in (Role.PUCE, Role.NUMERO)


def _items(p: _Page, noeuds: list[Noeud]) -> None:
    """List items and the items under each, as nested lists."""
    balise = "ol" if noeuds[0].role == Role.NUMERO else "ul"
    p.ecrire(f"<{balise}>\n")
    for x in noeuds:
        p.ecrire(f"<li>{_ligne(p, x)}")
        sous = [e for e in x.enfants if _item(e)]
        if sous:
            _items(p, sous)
        p.ecrire("</li>\n")
    p.ecrire(f"</{balise}>\n")


def _rien(p: _Page, n: Noeud, niveau: int, chemin: Chemin) -> None:
    """What the web page does not print: the running header (the page's title), the cover (its
    header), an image without a text of its own."""


def _titre(p: _Page, n: Noeud, niveau: int, chemin: Chemin, classe: str = "", mot: str = "") -> None:
    """A heading of ``niveau`` (h2 at most h6), its anchor the unit's path (``mot``: its last word)."""
    ident = _ident(p, chemin, mot)
    h = min(max(niveau, 2), 6)
    attr = f" class=\"{classe}\"" if classe else ""
    p.ecrire(f"<h{h} id=\"{ident}\"{attr}>{_ligne(p, n)}</h{h}>\n")
    p.titres.append((h, ident, " ".join(typographier(n.ligne).split())))
    p.dernier_titre = p.titres[-1][2]


def _ident(p: _Page, chemin: Chemin, mot: str = "", reel: Chemin | None = None) -> str:
    """A unique anchor for the unit at ``chemin`` (``mot``: the last word of its anchor instead of
    its key); recorded under ``reel``, its path in the tree, when that differs."""
    ident = ancre((*chemin[:-1], mot) if mot else chemin) or "contrat"
    base, k = ident, 1
    while ident in p.ids:
        k += 1
        ident = f"{base}-{k}"
    p.ids.add(ident)
    p.ancres.append(ident)
    p.adresses.setdefault(chemin if reel is None else reel, ident)
    return ident


def mot_d_ancre(texte: str) -> str:
    """A prose heading's anchor word, from its words (it has no code; its rank among the
    paragraphs would change with every paragraph inserted before it): « 1) Synthèse de la
    concertation » -> « synthese-de-la-concertation »."""
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode("ascii").lower()
    mots = re.sub(r"[^a-z0-9]+", "-", re.sub(r"^\s*[0-9ivxlcdm]+[).°/-]\s*", "", sans_accents)).strip("-")
    return mots[:60].rstrip("-") or "titre"


def _section(p: _Page, n: Noeud, niveau: int, chemin: Chemin) -> None:
    """A unit printed as a heading above what it holds (chapter, enjeu, pilier, document, block)."""
    p.ecrire(f"<section class=\"{n.genre.value}\">\n")
    if n.ligne:
        _titre(p, n, niveau, chemin)
        if n.genre in (Genre.ANNEXE, Genre.CONTRIBUTION):
            p.documents[n.cle] = p.titres[-1][1]
    _suite(p, n.enfants, niveau + 1, chemin)
    p.ecrire("</section>\n")


def _signatures(p: _Page, n: Noeud, niveau: int, chemin: Chemin) -> None:
    p.ecrire("<section class=\"signatures\">\n")
    _titre(p, n, niveau, chemin)
    for x in n.enfants:
        if x.genre == Genre.SIGNATAIRE:
            _signataire(p, x, chemin)
        elif x.genre == Genre.GROUPE_SIGNATAIRES:
            _titre(p, x, niveau + 1, (*chemin, x.cle))
            for b in x.enfants:
                _signataire(p, b, (*chemin, x.cle))
        else:
            _ecrire(p, x, niveau + 1, chemin)
    p.ecrire("</section>\n")


def _signataire(p: _Page, n: Noeud, chemin: Chemin) -> None:
    p.ecrire(f"<div class=\"signataire\" id=\"{_ident(p, (*chemin, n.cle))}\"><p class=\"pour\">"
             f"{_ligne(p, n)}</p>")
    for x in n.enfants:
        p.ecrire(f"<p class=\"{x.role.value if x.role else 'mention'}\">{_ligne(p, x)}</p>")
    p.ecrire("</div>\n")


def _mention(p: _Page, n: Noeud, niveau: int, chemin: Chemin) -> None:
    if n.role == Role.ENTETE_PAGES:
        return  # the running header of the PDF's pages: the page's <title>
    if n.ligne or n.segments:
        classe = n.role.value if n.role else "mention"
        p.ecrire(f"<p class=\"{classe}\">{_ligne(p, n)}</p>\n")


def _alinea(p: _Page, n: Noeud, niveau: int, chemin: Chemin) -> None:
    """An alinéa or heading met outside a prose container (one node quoted alone)."""
    _prose_suite(p, [n], niveau, chemin[:-1])


def _prose(p: _Page, n: Noeud, niveau: int, chemin: Chemin) -> None:
    classe = f" class=\"{n.role.value}\"" if n.role else ""
    if n.role == Role.EPIGRAPHE:
        p.ecrire(f"<blockquote{classe}>")
    _prose_suite(p, n.enfants, niveau, chemin)
    if n.role == Role.EPIGRAPHE:
        p.ecrire("</blockquote>")


def _prose_suite(p: _Page, noeuds: list[Noeud], niveau: int, chemin: Chemin, titres: bool = True) -> None:
    """Headings, alinéas, nested lists (a numbered one as <ol>), quotations. A Markdown heading of
    level k takes the level under its container's, never skipping one (a « #### » right under a
    chapter is its h3). ``titres`` false (a table's cell): a heading is a paragraph of its class."""
    listes: list[str] = []  # the open lists, innermost last ("ul" or "ol")
    dernier = niveau - 1  # the last heading level written in this container

    def fermer(jusqua: int) -> None:
        while len(listes) > jusqua:
            p.ecrire(f"</li></{listes.pop()}>\n")

    citation = False
    for x in noeuds:
        if x.role in (Role.PUCE, Role.NUMERO) and x.genre == Genre.ALINEA:
            if citation:
                p.ecrire("</blockquote>\n")
                citation = False
            profondeur = max(1, x.niveau)
            balise = "ol" if x.role == Role.NUMERO else "ul"
            fermer(profondeur)
            if len(listes) == profondeur and (listes[-1] != balise or x.nouvelle_liste):
                fermer(profondeur - 1)
            if len(listes) == profondeur:
                p.ecrire("</li>\n<li>")
            while len(listes) < profondeur:
                listes.append(balise)
                p.ecrire(f"<{balise}>\n<li>")
            p.ecrire(_ligne(p, x))
            continue
        fermer(0)
        if x.role == Role.CITATION:
            if not citation:
                p.ecrire("<blockquote>\n")
                citation = True
            p.ecrire(f"<p>{_ligne(p, x)}</p>\n")
            continue
        if citation:
            p.ecrire("</blockquote>\n")
            citation = False
        if x.genre == Genre.INTERTITRE and titres:
            voulu = niveau + max(0, x.niveau - 2)
            h = min(voulu, dernier + 1)
            _titre(p, x, h, (*chemin, x.cle), mot=mot_d_ancre(x.texte))
            dernier = h
        else:
            classe = f" class=\"{x.role.value}\"" if x.role else ""
            p.ecrire(f"<p{classe}>{_ligne(p, x)}</p>\n")
    fermer(0)
    if citation:
        p.ecrire("</blockquote>\n")


def _liste(p: _Page, n: Noeud, niveau: int, chemin: Chemin) -> None:
    """A list under its heading: the annexes (each linked to its document) or the parties that
    joined by avenant."""
    if n.ligne:
        _titre(p, n, niveau, chemin)
    p.ecrire("<ul>\n")
    for x in n.enfants:
        texte = _ligne(p, x)
        if x.role == Role.ENTREE_ANNEXE:
            texte = f"<a href=\"#{ancre((*chemin[:-1], x.cle))}\">{texte}</a>"
        p.ecrire(f"<li>{texte}</li>\n")
    p.ecrire("</ul>\n")


def _table_des_matieres(p: _Page, n: Noeud, niveau: int, chemin: Chemin) -> None:
    _liste(p, n, niveau, chemin)


def _element(p: _Page, n: Noeud, niveau: int, chemin: Chemin) -> None:
    p.ecrire(f"<p>{_ligne(p, n)}</p>\n")
    _enfants(p, n, niveau, chemin)


def _pdf(p: _Page, n: Noeud, niveau: int, chemin: Chemin) -> None:
    """An external PDF annex: a link to its file, with its size (its pages are not text here)."""
    code = chemin[-2] if len(chemin) >= 2 else ""
    joint = p.joints.get(code)
    if joint is None:
        p.ecrire("<p class=\"pdf\">Document PDF joint au contrat (voir le PDF du contrat).</p>\n")
        return
    p.ecrire(f"<p class=\"pdf\"><a href=\"{_e(joint.nom)}\" type=\"application/pdf\">Document PDF</a> "
             f"({_e(taille(len(joint.octets)))})</p>\n")


def taille(octets: int) -> str:
    """A file's size as a reader says it: « 350 Ko », « 1,2 Mo »."""
    if octets < 1000 * 1024:
        return f"{max(1, round(octets / 1024))}\u00a0Ko"
    return f"{octets / (1024 * 1024):.1f}".replace(".", ",") + "\u00a0Mo"


def _lettre(p: _Page, n: Noeud, niveau: int, chemin: Chemin) -> None:
    """A letter: its letterhead (sender, references), then its lines and body in order."""
    p.ecrire("<div class=\"lettre\">\n<div class=\"entete-lettre\">")
    for role in (Role.EXPEDITEUR, Role.REFERENCE):
        lignes = [x for x in n.enfants if x.role == role]
        if lignes:
            p.ecrire(f"<div class=\"{role.value}\">" + "".join(f"<p>{_ligne(p, x)}</p>" for x in lignes) + "</div>")
    p.ecrire("</div>\n")
    for x in n.enfants:
        if x.role in (Role.EXPEDITEUR, Role.REFERENCE):
            continue
        if x.genre == Genre.TEXTE:
            _prose(p, x, niveau, (*chemin, x.cle))
        else:
            _mention(p, x, niveau, chemin)
    p.ecrire("</div>\n")


# --- tables ---------------------------------------------------------------------------------


def _tableau(p: _Page, n: Noeud, niveau: int, chemin: Chemin) -> None:
    """A table with what the PDF prints above it (its title, source, total) as its caption; a
    table too wide for the page: its blocks of columns, one table each, as the PDF prints them; a
    table of figures presented as a list: a list."""
    mentions = [x for x in n.enfants if x.genre == Genre.MENTION]
    elements = [x for x in n.enfants if x.genre == Genre.LIGNE_LISTE]
    blocs = [x for x in n.enfants if x.genre == Genre.BLOC_COLONNES]
    ident = _ident(p, chemin)
    lignes = chemin[:-1] if n.genre == Genre.TABLEAU and n.cle == "tableau" else chemin
    if elements or (not blocs and not any(x.genre == Genre.LIGNE for x in n.enfants)):
        # Figures as sentences: the title as a heading, a list of them.
        p.ecrire(f"<section class=\"chiffres\" id=\"{ident}\">\n")
        if n.ligne:
            h = min(max(niveau, 2), 6)
            p.ecrire(f"<h{h}>{_ligne(p, n)}</h{h}>\n")
            p.titres.append((h, ident, " ".join(typographier(n.ligne).split())))
        for x in mentions:
            _mention(p, x, niveau, chemin)
        if elements:
            p.ecrire("<ul>\n" + "".join(f"<li>{_ligne(p, x)}</li>\n" for x in elements) + "</ul>\n")
        p.ecrire("</section>\n")
        return
    legende = [f"<span class=\"titre-tableau\">{_ligne(p, n)}</span>"] if n.ligne else []
    legende += [f"<span class=\"{x.role.value if x.role else 'mention'}\">{_ligne(p, x)}</span>" for x in mentions]
    if blocs:
        for k, b in enumerate(blocs, start=1):
            suite = "" if k == 1 else f"<span class=\"vh\">{_texte(p, n.texte)} (suite {k})</span>"
            _grille(p, b, legende if k == 1 else [suite], ident if k == 1 else "", n.texte, (*lignes, b.cle),
                    (*chemin, b.cle))
        return
    nom = n.texte or f"{(n.nom or 'tableau').capitalize()} – {p.dernier_titre}".rstrip(" –")
    _grille(p, n, legende, ident, nom, lignes, chemin)


def _grille(p: _Page, n: Noeud, legende: list[str], ident: str, nom: str, chemin: Chemin,
            reel: Chemin | None = None) -> None:
    """One <table>: caption, a header row (<th scope="col">), a row per line, its title in a
    <th scope="row"> (an axe's spanning its objectifs opérationnels' rows), figures aligned right.
    ``chemin``: the path its rows' anchors are built from; ``reel``: the table's path in the tree."""
    disposition = n.disposition
    a_droite = disposition.a_droite if disposition else 0
    attr = f" id=\"{ident}\"" if ident else ""
    if not legende:
        legende = [f"<span class=\"vh\">{_texte(p, nom)}</span>"]
    p.ecrire(f"<div class=\"defilant\" tabindex=\"0\" role=\"region\" aria-label=\"{_e(TABLEAU_DEFILANT + nom)}\">"
             f"<table{attr}><caption>{' '.join(legende)}</caption>\n")
    entetes = n.entetes
    if any(entetes):
        p.ecrire("<thead><tr>")
        for j, t in enumerate(entetes):
            droite = " class=\"nombre\"" if 0 < a_droite <= j else ""
            p.ecrire(f"<th scope=\"col\"{droite}>{_texte(p, typographier(t))}</th>" if t else "<td></td>")
        p.ecrire("</tr></thead>\n")
    titre_de_ligne = n.genre != Genre.TABLEAU_TEXTE
    largeur = len(entetes) or (len(disposition.largeurs) if disposition else 0)
    groupe = False  # the rows written are an axe's own <tbody> (its title spans them)
    p.ecrire("<tbody>\n")
    for ligne in (x for x in n.enfants if x.genre == Genre.LIGNE):
        sous = [x for x in ligne.enfants if x.genre == Genre.OBJECTIF_OPERATIONNEL] or [ligne]
        if (len(sous) > 1 or groupe) and p.morceaux[-1] != "<tbody>\n":
            # An axe over several rows is a group of rows: its heading's scope is that group.
            p.ecrire("</tbody>\n", "<tbody>\n")
        groupe = len(sous) > 1
        for k, rangee in enumerate(sous):
            p.ecrire("<tr>")
            if titre_de_ligne and k == 0:
                portee = f" rowspan=\"{len(sous)}\" scope=\"rowgroup\"" if len(sous) > 1 else " scope=\"row\""
                classe = " class=\"puce\"" if ligne.role == Role.PUCE else ""
                ident_ligne = _ident(p, (*chemin, ligne.cle), reel=(*(reel or chemin), ligne.cle))
                p.ecrire(f"<th{portee}{classe} id=\"{ident_ligne}\">"
                         f"{_ligne(p, ligne)}</th>")
            contenu: list[Noeud | None] = list(rangee.enfants)
            if rangee is not ligne:
                contenu.insert(0, rangee)
            elif any(x.genre == Genre.CELLULE for x in rangee.enfants) and largeur:
                contenu[:0] = [None] * (largeur - int(titre_de_ligne) - len(contenu))
            for j, x in enumerate(contenu, start=int(titre_de_ligne)):
                _cellule(p, x, 0 < a_droite <= j, rangee is not ligne and x is rangee)
            p.ecrire("</tr>\n")
    p.ecrire("</tbody></table></div>\n")


def _cellule(p: _Page, x: Noeud | None, droite: bool, titre: bool) -> None:
    if x is None:
        p.ecrire("<td></td>")
    elif titre:
        p.ecrire(f"<th scope=\"row\">{_ligne(p, x)}</th>")
    elif x.genre == Genre.TEXTE:
        p.ecrire("<td>")
        _prose_suite(p, x.enfants, 0, (), titres=False)
        p.ecrire("</td>")
    elif x.genre == Genre.CELLULE:
        elements = "".join(f"<li>{_ligne(p, e)}</li>" for e in x.enfants)
        p.ecrire(f"<td><ul>{elements}</ul></td>" if elements else "<td></td>")
    else:
        classe = " class=\"nombre\"" if droite else ""
        p.ecrire(f"<td{classe}>{_ligne(p, x)}</td>")


# --- text -----------------------------------------------------------------------------------


def _ligne(p: _Page, n: Noeud) -> str:
    """A unit's line as HTML: its numbering and its runs (bold, italic, superscript, links),
    spaced as the Word writer spaces a paragraph, its acronyms marked."""
    morceaux = list(n.morceaux())
    if n.numero:
        morceaux.insert(0, Segment(texte=n.numero))
    if not morceaux:
        return ""
    espace = typographier("".join(s.texte for s in morceaux))
    sortie, debut = [], 0
    for s in morceaux:
        texte = espace[debut:debut + len(s.texte)]
        debut += len(s.texte)
        h = _texte(p, texte) if s.exposant else _ordinaux(p, texte)
        if s.exposant:
            h = f"<sup>{h}</sup>"
        if s.italique:
            h = f"<em>{h}</em>"
        if s.gras:
            h = f"<strong>{h}</strong>"
        if s.lien and s.lien.startswith("#"):
            # A reference to an annex or a contribution (« #civ », « #civ.champ »): a link to its
            # heading, resolved once every page is written (it may be on another chapter's page).
            h = f"<a href=\"{RENVOI}{_e(s.lien[1:].split('.')[0])}{RENVOI}\">{h}</a>"
        elif s.lien:
            h = f"<a href=\"{_e(s.lien)}\">{h}</a>"
        sortie.append(h)
    return "".join(sortie)


def _ordinaux(p: _Page, texte: str) -> str:
    """The suffix of an ordinal written with its digits raised (« 1er », « 2e »), as the Word
    writer raises it (``typographie_docx.ORDINAL``)."""
    sortie, debut = [], 0
    for m in ORDINAL.finditer(texte):
        sortie.append(_texte(p, texte[debut:m.start(2)]) + f"<sup>{_e(m.group(2))}</sup>")
        debut = m.end(2)
    sortie.append(_texte(p, texte[debut:]))
    return "".join(sortie)


def _texte(p: _Page, texte: str) -> str:
    """Plain text escaped, each acronym of the list as <abbr title="its meaning">."""
    if p.motif is None or not texte:
        return _e(texte)
    sortie, debut = [], 0
    for m in p.motif.finditer(texte):
        sortie.append(_e(texte[debut:m.start()]))
        sortie.append(f"<abbr title=\"{_e(typographier(p.sigles[m.group(1)]))}\">{_e(m.group(1))}</abbr>")
        debut = m.end()
    sortie.append(_e(texte[debut:]))
    return "".join(sortie)


def _e(texte: str) -> str:
    """Text escaped for an element or an attribute (quotes too: every attribute is in « " »)."""
    return html.escape(texte, quote=False).replace('"', "&quot;")


# --- an avenant ---------------------------------------------------------------------------


TELECHARGER_AVENANT = "Télécharger l'avenant en PDF"
VOIR_DANS_LE_CONTRAT = "Voir dans le contrat consolidé"
"""The link after each article to the place it changes (the only words the PDF does not print)."""
TITRE_SIGNATURES = "Signatures"
CONSOLIDE = "Les liens « Voir dans le contrat consolidé » mènent à l'édition web du contrat consolidé publiée à côté."


def rendre_avenant_web(a: AvenantImprime, adresses: Adresses, pdf: str = "", taille_pdf: int = 0,
                       dossier: str = "avenant-web", consolide: str = DOSSIER, sigles: dict[str, str] | None = None
                       ) -> dict[str, bytes]:
    """The avenant ``a`` as one page (``<dossier>/index.html``), from its printed description
    (``amendements.imprime``), each article followed by a link to the place it changes in the
    consolidated contract's site (``consolide``, beside it; ``adresses``: its units' places, see
    ``adresses``); ``pdf``: the avenant's PDF in the published set."""
    p = _Page(dict(sigles or {}), _motif(sigles or {}), {})
    p.ecrire("<header class=\"couverture\">\n<div class=\"bandeau\" role=\"note\">")
    if pdf:
        poids = f" ({taille(taille_pdf)})" if taille_pdf else ""
        p.ecrire(f"<p class=\"telecharger\"><a href=\"../{_e(pdf)}\" type=\"application/pdf\" download>"
                 f"{TELECHARGER_AVENANT}</a>{poids}</p>")
    p.ecrire(f"<p class=\"consolide\">{_e(CONSOLIDE)}</p></div>\n<h1>{_texte(p, typographier(a.titre))}</h1>\n"
             f"<p class=\"sous_titre\">{_texte(p, typographier(a.sous_titre))}</p>\n</header>\n")
    entete, p.morceaux = p.morceaux, []
    _corps_avenant(p, a.corps, adresses, consolide)
    p.ecrire("<section class=\"signatures\">\n"
             f"<h2 class=\"vh\" id=\"{_ident(p, ('signatures',))}\">{TITRE_SIGNATURES}</h2>\n"
             f"<p class=\"fait_a\">{_texte(p, typographier(a.fait_a))}</p>\n")
    for s in a.signatures:
        p.ecrire("<div class=\"signataire\">" + "".join(
            f"<p class=\"{classe}\">{_texte(p, typographier(t))}</p>"
            for classe, t in (("pour", s.pour), ("qualite", s.qualite), ("nom", s.nom)) if t) + "</div>\n")
    p.ecrire("</section>\n")
    _comparaison(p, a.comparaison)
    titre = typographier(a.titre)
    # A quoted unit's reference to an annex: to its heading in the consolidated contract.
    contenu = _renvois(p.morceaux, adresses.documents, lambda x: f"../{consolide}/{x}")
    return {f"{dossier}/index.html": _document(titre, entete, "", contenu),
            f"{dossier}/{NOM_FEUILLE}": FEUILLE.read_bytes()}


def _corps_avenant(p: _Page, corps: list[Bloc], adresses: Adresses, consolide: str) -> None:
    """Headings, parties (a list), alinéas, articles (each with its link), the exposé des motifs
    and the units quoted in full (as the contract's site writes them, in a quotation)."""
    parties = False
    for k, b in enumerate(corps):
        if parties and b.style != Style.PARTIE:
            p.ecrire("</ul>\n")
            parties = False
        if b.style == Style.PARTIE:
            if not parties:
                p.ecrire("<ul class=\"parties\">\n")
                parties = True
            p.ecrire(f"<li>{_texte(p, typographier(b.texte))}</li>\n")
        elif b.style == Style.INTERTITRE:
            p.ecrire(f"<h2 id=\"{_ident(p, (mot_d_ancre(b.texte),))}\">{_texte(p, typographier(b.texte))}</h2>\n")
        elif b.style == Style.ARTICLE:
            ident = _ident(p, (_ancre_article(b.texte),))
            p.ecrire(f"<h3 id=\"{ident}\">{_texte(p, typographier(b.texte))}</h3>\n")
            if b.place is not None:
                cible = _adresse(adresses.unites, b.place)
                p.ecrire(f"<p class=\"consolide\"><a href=\"../{_e(consolide)}/{_e(cible)}\">"
                         f"{VOIR_DANS_LE_CONTRAT}<span class=\"vh\"> ({_e(b.texte)})</span></a></p>\n")
        elif b.style == Style.EXPOSE and b.unite is not None:
            _prose(p, b.unite, 3, ("expose",))
        elif b.style == Style.CITATION and b.unite is not None:
            p.ecrire("<blockquote class=\"citation\">\n")
            if b.unite.empreinte:
                p.ecrire(f"<p>{DOCUMENT_JOINT}</p>\n")
            else:
                _ecrire(p, b.unite, 4, (f"citation-{k}",))
            p.ecrire("</blockquote>\n")
        else:
            p.ecrire(f"<p>{_texte(p, typographier(b.texte))}</p>\n")
    if parties:
        p.ecrire("</ul>\n")


def _ancre_article(titre: str) -> str:
    """« Article 2 – Objet » -> « article-2 » (the comparison table links each row to it)."""
    return ancre((titre.split(" –")[0].lower().replace(" ", "-"),))


def _adresse(adresses: dict[Chemin, str], place: Chemin) -> str:
    """The anchor of the place or, when it has none of its own (an alinéa, a cell), of the
    nearest unit holding it; the whole contract for a change throughout."""
    for k in range(len(place), 0, -1):
        if place[:k] in adresses:
            return adresses[place[:k]]
    return "index.html"


def _comparaison(p: _Page, lignes: list[tuple[str, ...]]) -> None:
    """The annex: the tableau comparatif, each row headed by its article (a link to it)."""
    ident = _ident(p, ("comparaison",))
    p.ecrire(f"<section class=\"annexe\">\n<h2 id=\"{ident}\">{_texte(p, typographier(TITRE_COMPARAISON))}</h2>\n"
             f"<div class=\"defilant\" tabindex=\"0\" role=\"region\" aria-label=\"{_e(TABLEAU_DEFILANT + TITRE_COMPARAISON)}\">"
             f"<table><caption class=\"vh\">{_e(TITRE_COMPARAISON)}</caption>\n<thead><tr>"
             + "".join(f"<th scope=\"col\">{_e(t)}</th>" for t in COLONNES_COMPARAISON) + "</tr></thead>\n<tbody>\n")
    for article, *cellules in lignes:
        p.ecrire(f"<tr><th scope=\"row\"><a href=\"#{_ancre_article(article)}\">{_texte(p, typographier(article))}</a></th>"
                 + "".join(f"<td>{_texte(p, typographier(t))}</td>" for t in cellules) + "</tr>\n")
    p.ecrire("</tbody></table></div>\n</section>\n")


ECRIVAINS: dict[Genre, Callable[[_Page, Noeud, int, Chemin], None]] = {
    Genre.MENTION: _mention,
    Genre.PARTIE: _rien,
    Genre.IMAGE: _rien,
    Genre.CHAPITRE: _section,
    Genre.PILIER_ENJEUX: _section,
    Genre.ENJEU: _section,
    Genre.ANNEXE: _section,
    Genre.CONTRIBUTION: _section,
    Genre.BLOC: _section,
    Genre.PILIER: _section,
    Genre.THEME: _section,
    Genre.TEXTE: _prose,
    Genre.ALINEA: _alinea,
    Genre.INTERTITRE: _alinea,
    Genre.ENTREE: _mention,
    Genre.LIGNE_LISTE: _mention,
    Genre.ELEMENT: _element,
    Genre.TABLEAU: _tableau,
    Genre.TABLEAU_CHIFFRES: _tableau,
    Genre.TABLEAU_TEXTE: _tableau,
    Genre.BLOC_COLONNES: _tableau,
    Genre.LISTE: _liste,
    Genre.TABLE_DES_MATIERES: _table_des_matieres,
    Genre.PDF: _pdf,
    Genre.LETTRE: _lettre,
    Genre.SIGNATURES: _signatures,
}
"""How each kind of unit is written; the others are written as what they hold (a document's
blocks, a piece, a measures list)."""
