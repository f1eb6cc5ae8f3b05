"""Electronic signature (PAdES, pyHanko) as the very last step, and signature validation.

pyHanko is imported in the two functions that use it: it takes longer to load than a check takes
to run, and only ``sign`` and ``verify`` need it."""

from __future__ import annotations

import datetime as dt
import io
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contrat.erreurs import ErreurDocument, ErreurUsage


def _silence() -> None:
    """pyHanko logs its analysis (with tracebacks) on stderr: the verdict is ours to print, in French."""
    for nom in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(nom).setLevel(logging.CRITICAL + 1)


@dataclass(frozen=True)
class EtatSignature:
    champ: str
    signataire: str
    date: str
    intacte: bool
    valide: bool
    confiance: bool
    couvre_tout: bool
    """The signature covers the whole file (nothing was appended after it)."""
    modifications_admises: bool
    """What was appended after it is only what a signature allows (other signatures, timestamps,
    validation data): pyHanko's modification analysis and the DocMDP permissions."""
    ajouts_techniques: bool = False
    """What was appended after it is only timestamps and validation data (nothing a reader sees)."""
    horodatage: bool = False
    """A document timestamp (PAdES /DocTimeStamp): a time authority attests the file existed then;
    it is no one's consent, so its authority need not be among the signers' trusted certificates."""


def signer_pdf(pdf: bytes, p12: Path, mot_de_passe: str | None, nom_champ: str) -> bytes:
    """Add one PAdES signature in an incremental update (earlier signatures stay valid)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import InvisSigSettings, SigFieldSpec, SigSeedSubFilter
    from pyhanko.sign.general import SigningError

    _silence()
    try:
        signataire = signers.SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]  # untyped in pyHanko
            str(p12), passphrase=mot_de_passe.encode() if mot_de_passe else None)
    except Exception as exc:  # pyHanko/cryptography raise various errors for a bad file or password
        raise ErreurUsage(f"{p12} : certificat illisible ou mot de passe incorrect ({type(exc).__name__})") from None
    if signataire is None:
        raise ErreurUsage(f"{p12} : certificat illisible ou mot de passe incorrect")
    meta = signers.PdfSignatureMetadata(field_name=nom_champ, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256")
    ecrivain = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    # The document's metadata left as built: pyHanko would rewrite the whole XMP through its own
    # model (structures as nested descriptions, URIs as rdf:resource), and the PDF/UA schema's
    # declaration so written is no longer PDF/A to the checkers (tests/test_pdfua.py).
    setattr(ecrivain, "_update_meta", lambda: None)
    sortie = io.BytesIO()
    try:
        # Invisible, its box outside the page and named for assistive technologies (/TU): an
        # untagged widget PDF/UA-1 admits, printable as PDF/A requires (pyHanko's InvisSigSettings).
        champ = SigFieldSpec(nom_champ, on_page=-1, readable_field_name=f"Signature électronique ({nom_champ})",
                             invis_sig_settings=InvisSigSettings(box_out_of_bounds=True))
        signers.PdfSigner(meta, signataire, new_field_spec=champ).sign_pdf(
            ecrivain, output=sortie)
    except SigningError as exc:
        if "forbids all changes" in str(exc):
            raise ErreurUsage("document certifié par son auteur sans aucune modification permise (DocMDP) : "
                              "aucune signature ne peut y être ajoutée sans l'invalider") from None
        raise ErreurUsage(f"signature impossible : {exc}") from None
    return sortie.getvalue()


def _certificat_de_confiance(chemin: Path, charger: Any) -> Any:
    """A trusted certificate (PEM or DER), or a French error naming the file."""
    try:
        return charger(str(chemin))
    except Exception:  # asn1crypto/pyHanko raise various errors for what is not a certificate
        raise ErreurUsage(f"{chemin} : certificat de confiance illisible (certificat X.509 PEM ou DER attendu)") from None


@dataclass(frozen=True)
class PdfLu:
    """A PDF as pyHanko reads it, parsed once for the signatures and the history."""

    lecteur: Any
    signatures: list[Any]
    erreur_stricte: str = ""
    """Why pyHanko's strict reader refuses the file ("" when it reads it: ``lecteur`` is that
    strict reader; otherwise the lenient one, and the structure is ambiguous)."""


def lire_pdf(pdf: bytes) -> PdfLu:
    """The strict reader when it reads the file (it refuses what the lenient one guesses at, and
    readers guess differently), else the lenient one, which says at least what pyHanko sees."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    _silence()
    try:
        lecteur = PdfFileReader(io.BytesIO(pdf), strict=True)
        return PdfLu(lecteur, list(lecteur.embedded_signatures))
    except Exception as exc:  # pyHanko raises many kinds on a structure it cannot follow
        erreur = _pourquoi(exc)
    try:
        lecteur = PdfFileReader(io.BytesIO(pdf), strict=False)
        return PdfLu(lecteur, list(lecteur.embedded_signatures), erreur)
    except Exception:  # pyHanko raises many kinds on a structure it cannot follow
        raise ErreurDocument("✗ structure du PDF illisible : sa table des références croisées ne se lit pas "
                             "(fichier modifié ou tronqué)") from None


def signatures(pdf: bytes, confiance: list[Path] | None = None, lu: PdfLu | None = None) -> list[EtatSignature]:
    """Every signature of the PDF with its integrity, validity and trust."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko_certvalidator import ValidationContext

    lu = lu or lire_pdf(pdf)
    signees = lu.signatures
    racines = [_certificat_de_confiance(c, load_cert_from_pemder) for c in confiance or []]
    with warnings.catch_warnings():
        # Without --confiance the system's trust list decides (pyHanko now warns that this default
        # will change; the verdict line says whether the certificate is trusted either way).
        warnings.simplefilter("ignore", DeprecationWarning)
        contexte = ValidationContext(trust_roots=racines or None, allow_fetching=False)
    etats = []
    tolerantes: list[Any] = []
    for n, sig in enumerate(signees):
        horodatage = _horodatage(sig)
        statut: Any
        try:
            try:
                statut = (validate_pdf_timestamp(sig, contexte) if horodatage else validate_pdf_signature(sig, contexte))
            except Exception:
                if lu.erreur_stricte:
                    raise
                # The strict reader stumbles on an ambiguous later update (reported by the
                # history): the signature itself is judged as the lenient reader reads it.
                tolerantes = tolerantes or _signatures_tolerantes(pdf)
                statut = (validate_pdf_timestamp(tolerantes[n], contexte) if horodatage
                          else validate_pdf_signature(tolerantes[n], contexte))
        except Exception:  # a malformed signature dictionary: pyHanko raises many kinds
            etats.append(EtatSignature(champ=str(sig.field_name), signataire="inconnu", date="inconnue",
                                       intacte=False, valide=False, confiance=False, couvre_tout=False,
                                       modifications_admises=False, horodatage=horodatage))
            continue
        quand = statut.timestamp if horodatage else statut.signer_reported_dt
        couverture = statut.coverage.name if statut.coverage is not None else ""
        niveau = statut.modification_level
        etats.append(EtatSignature(
            champ=sig.field_name, signataire=statut.signing_cert.subject.human_friendly,
            date=quand.astimezone(dt.timezone.utc).strftime("%d/%m/%Y %H:%M UTC") if quand else "inconnue",
            intacte=statut.intact, valide=statut.valid, confiance=statut.trusted,
            couvre_tout=couverture == "ENTIRE_FILE",
            modifications_admises=couverture == "ENTIRE_FILE" or (
                couverture == "ENTIRE_REVISION" and niveau is not None
                and niveau.name in ("NONE", "LTA_UPDATES", "FORM_FILLING") and statut.docmdp_ok is not False),
            ajouts_techniques=couverture == "ENTIRE_REVISION" and niveau is not None
            and niveau.name in ("NONE", "LTA_UPDATES"), horodatage=horodatage))
    return etats


def _signatures_tolerantes(pdf: bytes) -> list[Any]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return list(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)


def _horodatage(sig: Any) -> bool:
    try:
        return bool(sig.sig_object_type == "/DocTimeStamp")
    except Exception:  # an unreadable signature dictionary: judged as a signature (and found invalid)
        return False


def _revision(sig: Any) -> int:
    try:
        return int(sig.signed_revision)
    except Exception:  # a signature whose byte range matches no revision
        return -1


@dataclass(frozen=True)
class Revision:
    """One incremental update of the file (revision 0, the document as built, is not one)."""

    numero: int
    signature: str
    """Field of the signature this update adds ("" when it adds none)."""
    changements: tuple[str, ...]
    """What it changes beyond what signing adds (each in French); empty when nothing."""


@dataclass(frozen=True)
class Historique:
    """The file's history as its cross-reference sections tell it (never a search for « %%EOF »:
    a title may contain it)."""

    original: bytes
    """Revision 0: the document as the build wrote it, before any update."""
    revisions: tuple[Revision, ...]
    octets_en_trop: int
    """Bytes after the end of the last revision (past its « %%EOF »), unless they are all PDF
    white-space (padding some tools and transfers add: no token, no object, nothing a reader shows)."""
    metadonnees: tuple[str, ...]
    """Metadata that differ between the original and the file as it ends (title, XMP...)."""
    structure: tuple[str, ...] = ()
    """What makes the whole file read differently by different readers (each update's own such
    problems are among its changes)."""


CLES_SIGNATURE_CATALOGUE = frozenset({"/AcroForm", "/DSS", "/Perms", "/Extensions", "/Version"})
"""What signing may change in the document catalog (form, validation data, PDF version)."""
CLES_FORMULAIRE = frozenset({"/Fields", "/SigFlags", "/DA", "/DR"})
CLES_INFO_DE_SIGNATURE = frozenset({"/ModDate", "/Producer"})
"""Info entries a signing tool rewrites (pyHanko does): not part of what the contract says."""
CLES_XMP_DE_SIGNATURE = frozenset({"{http://ns.adobe.com/xap/1.0/}ModifyDate", "{http://ns.adobe.com/xap/1.0/}MetadataDate",
                                   "{http://ns.adobe.com/pdf/1.3/}Producer"})
ESPACE_XMP_DE_GESTION = "{http://ns.adobe.com/xap/1.0/mm/}"
"""Document and instance identifiers (xmpMM) that some signing tools renew: bookkeeping, not content."""


BLANCS_PDF = b"\0\t\n\x0c\r "
"""The white-space characters of PDF (ISO 32000-1, 7.2.2)."""


def historique(pdf: bytes, lu: PdfLu | None = None) -> Historique:
    """Revision 0 (the original), what each later update changes beyond signing, bytes appended
    after the end, and the metadata changed since the original."""
    try:
        lu = lu or lire_pdf(pdf)
    except ErreurDocument:
        return Historique(pdf, (), 0, ())
    lecteur = lu.lecteur
    total = lecteur.xrefs.total_revisions
    signees = {_revision(s): str(s.field_name) for s in lu.signatures}
    valeurs = frozenset(_valeur_de_signature(s) for s in lu.signatures) - {None}
    original_fin = _fin_de_revision(pdf, lecteur, 0)
    fin = _fin_de_revision(pdf, lecteur, total - 1)
    resolveurs = [lecteur.get_historical_resolver(k) for k in range(total)]
    roles = [_roles_lisibles(r) for r in resolveurs]
    creees: set[Any] = set()
    reste = pdf[fin:] if fin else b""
    original = pdf[:original_fin] if original_fin else pdf
    qpdf: list[str] = []
    metadonnees = tuple(_metadonnees_changees(original, pdf, qpdf)) if total > 1 else ()
    structure, ambigues = structure_ambigue(pdf, lu, qpdf) if total > 1 else ([], {})
    revisions = tuple(Revision(k, signees.get(k, ""), tuple(ambigues.get(k, ())) + _changements_lisibles(
        lecteur, k, resolveurs, roles, creees, valeurs)) for k in range(1, total))
    en_trop = len(reste) if reste.strip(BLANCS_PDF) else 0
    return Historique(original, revisions, en_trop, metadonnees, tuple(structure))


def _roles_lisibles(resolveur: Any) -> _Roles | None:
    try:
        return _roles(resolveur)
    except Exception:  # no catalog, a page tree that is not one: the update is reported as unreadable
        return None


ILLISIBLE = "structure illisible (catalogue ou arbre des pages)"


def _valeur_de_signature(sig: Any) -> Any:
    """The reference of a signature's value (its /Sig or /DocTimeStamp dictionary)."""
    try:
        return sig.sig_field.raw_get("/V").reference
    except Exception:  # a value written in the field itself, or no value
        return None


def _changements_lisibles(lecteur: Any, k: int, resolveurs: list[Any], roles: list[_Roles | None],
                          creees: set[Any], valeurs: frozenset[Any] = frozenset()) -> tuple[str, ...]:
    anciens, nouveaux = roles[k - 1], roles[k]
    if anciens is None or nouveaux is None:
        return (ILLISIBLE,)
    try:
        return tuple(_changements(lecteur, k, resolveurs[k - 1:k + 1], (anciens, nouveaux), creees, valeurs))
    except Exception:  # a structure pyHanko cannot follow (an object of an unexpected kind)
        return (ILLISIBLE,)


def _fin_de_revision(pdf: bytes, lecteur: Any, k: int) -> int:
    """Offset just past the « %%EOF » (and its line end) that closes revision ``k`` (0 if none):
    searched from where that revision's cross-reference data end."""
    debut = lecteur.xrefs.get_xref_container_info(k).end_location
    position = pdf.find(b"%%EOF", debut)
    if position < 0:
        return 0
    position += len(b"%%EOF")
    if pdf[position:position + 2] == b"\r\n":
        return position + 2
    return position + 1 if pdf[position:position + 1] in (b"\r", b"\n") else position


@dataclass(frozen=True)
class _Roles:
    """What the objects of one revision are for, as far as signing is concerned."""

    catalogue: Any
    info: Any
    chiffrement: Any
    """The trailer's /Encrypt, as written."""
    formulaire: Any
    metadonnees: frozenset[Any]
    """Info and XMP: signing tools rewrite them, and they are compared on their own."""
    validation: frozenset[Any]
    """Everything the validation data (DSS) reach."""
    pages: dict[int, int]
    annotations: dict[Any, int]
    """Annotation arrays kept as objects of their own -> number of their page (other signing tools write them so)."""
    champs: Any
    """The form's list of fields, when it is an object of its own."""


def _roles(resolveur: Any) -> _Roles:
    from pyhanko.pdf_utils import generic

    def reference(d: Any, cle: str) -> Any:
        v = d.raw_get(cle) if isinstance(d, generic.DictionaryObject) and cle in d else None
        return v.reference if isinstance(v, generic.IndirectObject) else None

    trailer = resolveur.trailer_view
    catalogue_ref = reference(trailer, "/Root")
    catalogue = resolveur(catalogue_ref)
    info = reference(trailer, "/Info")
    metadonnees = {info, reference(catalogue, "/Metadata")}
    validation = _atteignables(resolveur, catalogue.raw_get("/DSS")) if "/DSS" in catalogue else set()
    pages = _pages(resolveur, catalogue)
    annotations = {}
    for idnum, numero in pages.items():
        ref = reference(_resoudre(resolveur, generic.Reference(idnum, 0)), "/Annots")
        if ref is not None:
            annotations[ref] = numero
    formulaire = reference(catalogue, "/AcroForm")
    champs = reference(_resoudre(resolveur, formulaire), "/Fields") if formulaire is not None else None
    return _Roles(catalogue_ref, info, trailer.raw_get("/Encrypt") if "/Encrypt" in trailer else None, formulaire,
                  frozenset(metadonnees - {None}), frozenset(validation), pages, annotations, champs)


def _changements(lecteur: Any, k: int, resolveurs: list[Any], roles_des_deux: tuple[_Roles, _Roles],
                 creees: set[Any], valeurs: frozenset[Any] = frozenset()) -> list[str]:
    """What update ``k`` changes beyond what signing adds: signature fields without a visible
    appearance nor any action, their signature values, the form that lists them, validation data
    (DSS), metadata (compared on their own), the catalog entries a signature needs. The trailer
    keeps its catalog, Info and encryption. An object that existed before may only be rewritten in
    the role it had; validation data are only objects created as such by an update (``creees``,
    which this call completes): a DSS that reaches anything else (a page's content stream, the
    catalog) is itself a change."""
    from pyhanko.pdf_utils import generic

    avant, apres = resolveurs
    anciens_roles, roles = roles_des_deux
    changes = _trailer_modifie(anciens_roles, roles)
    taille_avant = lecteur.xrefs.get_xref_container_info(k - 1).size
    objets = {ref: _resoudre(apres, ref) for ref in sorted(lecteur.xrefs.explicit_refs_in_revision(k),
                                                          key=lambda r: r.idnum)}
    anciens = {ref: _resoudre(avant, ref) if ref.idnum < taille_avant else None for ref in objets}
    annexes = _annexes(apres, roles, objets, anciens)
    for ref, obj in objets.items():
        ancien = anciens[ref]
        cles: Any = None  # the entries where an action would be new (None: all); the others are reported otherwise
        if obj is None:
            changes.append(_objet_change(ref, obj, ancien))
            continue
        if ref == roles.catalogue:
            changes.extend(_catalogue_modifie(obj, ancien if ref == anciens_roles.catalogue else None, valeurs))
            cles = CLES_SIGNATURE_CATALOGUE
        elif ref.idnum in roles.pages:
            changes.extend(_page_modifiee(obj, ancien if ref.idnum in anciens_roles.pages else None,
                                          roles.pages[ref.idnum], apres, avant, roles.pages))
            cles = {"/Annots"}
        elif ref == roles.formulaire and (ancien is None or ref == anciens_roles.formulaire):
            if not set(obj) <= CLES_FORMULAIRE:
                changes.append(f"formulaire modifié ({', '.join(sorted(set(obj) - CLES_FORMULAIRE))})")
        elif ref in roles.annotations and (ancien is None or ref in anciens_roles.annotations):
            changes.extend(_annotations_ajoutees(_elements(obj), _elements(ancien), roles.annotations[ref], apres,
                                                 roles.pages))
        elif ref == roles.champs and (ancien is None or ref == anciens_roles.champs):
            deja = {c.idnum for c in _elements(ancien) if isinstance(c, generic.IndirectObject)}
            changes.extend(f"champ de formulaire ajouté (objet n° {c.idnum})" for c in _elements(obj)
                           if isinstance(c, generic.IndirectObject) and c.idnum not in deja
                           and not _champ_de_signature(_resoudre(apres, c), apres))
        elif _champ_de_signature(obj, apres) and (ancien is None or _champ_de_signature(ancien, avant)):
            changes.extend(_champ_refuse(obj, apres, roles.pages))
            cles = CLES_CHAMP_DE_SIGNATURE
        elif (ref in annexes or ref in roles.metadonnees and (ancien is None or ref in anciens_roles.metadonnees)
              or ancien is None and _technique(lecteur, k, ref, obj, valeurs)):
            pass
        elif ref in roles.validation and (ancien is None or ref in creees):
            if ancien is None:
                creees.add(ref)
        else:
            changes.append(_objet_change(ref, obj, ancien))
            continue
        changes.extend(_actions_ajoutees(ref, obj, ancien, cles))
    changes.extend(f"objet n° {ref.idnum} supprimé" for ref in sorted(lecteur.xrefs.refs_freed_in_revision(k),
                                                                       key=lambda r: r.idnum))
    changes.extend(_validation_detournee(roles.validation - anciens_roles.validation - creees))
    return list(dict.fromkeys(changes))


def _annexes(apres: Any, roles: _Roles, objets: dict[Any, Any], anciens: dict[Any, Any]) -> set[Any]:
    """Objects the update creates for its signature fields (appearance, lock, seed values) and for
    the form's default resources (fonts for field appearances, as Adobe-style tools add them). A
    visible field is reported once, with its name; an action in them is reported as in any object."""
    from pyhanko.pdf_utils import generic

    formulaire = _val(apres, _resoudre(apres, roles.catalogue), "/AcroForm")
    racines = [formulaire.raw_get("/DR")] if isinstance(formulaire, generic.DictionaryObject) and "/DR" in formulaire \
        else []
    racines += [obj.raw_get(cle) for obj in objets.values() if _champ_de_signature(obj, apres)
                for cle in ("/AP", "/Lock", "/SV") if cle in obj]
    return {r for racine in racines for r in _atteignables(apres, racine) if r in anciens and anciens[r] is None}


def _trailer_modifie(anciens: _Roles, roles: _Roles) -> list[str]:
    """The trailer names the document's catalog, Info and encryption: none may change (a new
    catalog is a new document, even if no object of the old one is rewritten)."""
    changes = []
    if roles.catalogue != anciens.catalogue:
        changes.append(f"catalogue du document remplacé (/Root désigne l'objet n° {_numero(roles.catalogue)} "
                       f"au lieu de l'objet n° {_numero(anciens.catalogue)})")
    if roles.info != anciens.info:
        changes.append(f"dictionnaire d'informations remplacé (/Info désigne l'objet n° {_numero(roles.info)} "
                       f"au lieu de l'objet n° {_numero(anciens.info)})")
    if roles.chiffrement != anciens.chiffrement:
        changes.append("chiffrement du document modifié (/Encrypt)")
    return changes


def _numero(ref: Any) -> str:
    return str(ref.idnum) if ref is not None else "aucun"


def _validation_detournee(etrangers: frozenset[Any]) -> list[str]:
    """Objects the DSS now reaches that no update created as validation data."""
    if not etrangers:
        return []
    numeros = sorted(r.idnum for r in etrangers)
    return [f"données de validation (DSS) qui englobent {len(numeros)} objet(s) qui n'en sont pas (objets du "
            f"document produit ou d'un autre rôle : n° {', '.join(map(str, numeros[:10]))}"
            + (" …)" if len(numeros) > 10 else ")")]


CLES_CHAMP_DE_SIGNATURE = frozenset({
    "/Type", "/Subtype", "/FT", "/T", "/TU", "/TM", "/V", "/Ff", "/Lock", "/SV", "/Parent", "/Kids", "/DA", "/Q",
    "/Rect", "/P", "/F", "/NM", "/M", "/AP", "/AS", "/MK", "/Border", "/BS", "/C", "/StructParent"})
"""What a signature field and its widget may hold: what pyHanko and Adobe-style signing tools write
(name, value, lock and seed value, the widget's place, flags and appearance, accessibility),
nothing that acts (/A, /AA) or that this list does not know."""
CLES_EXECUTABLES = frozenset({"/A", "/AA", "/OpenAction", "/JS", "/JavaScript", "/Next"})
"""Entries that run an action or a script (an array under /A is an icon's alignment, under
/OpenAction a destination: neither acts)."""


def _actions_ajoutees(ref: Any, obj: Any, ancien: Any, cles: Any = None) -> list[str]:
    """Actions or scripts, at any depth of ``obj`` as written (its indirect objects are checked
    where they are written), that ``ancien`` did not have at the same place; ``cles``: the only
    entries of ``obj`` to look into."""
    from pyhanko.pdf_utils import generic

    trouvees: set[str] = set()
    pile = [(obj, ancien, True)]
    vus = 0
    while pile and vus < 100_000:
        nouveau, vieux, racine = pile.pop()
        vus += 1
        if isinstance(nouveau, generic.DictionaryObject):
            for cle in nouveau:
                if racine and cles is not None and cle not in cles:
                    continue
                valeur = nouveau.raw_get(cle)
                avant = vieux.raw_get(cle) if isinstance(vieux, generic.DictionaryObject) and cle in vieux else None
                if cle in CLES_EXECUTABLES and not (cle in ("/A", "/OpenAction") and isinstance(valeur, generic.ArrayObject)):
                    if avant is None or valeur != avant:
                        trouvees.add(cle)
                else:
                    pile.append((valeur, avant, False))
        elif isinstance(nouveau, generic.ArrayObject):
            anciens = _elements(vieux)
            pile.extend((nouveau.raw_get(i), anciens[i] if i < len(anciens) else None, False)
                        for i in range(len(nouveau)))
    return [f"action ou script ajouté ({', '.join(sorted(trouvees))}) dans l'objet n° {ref.idnum}"] if trouvees else []


def _champ_refuse(champ: Any, resolveur: Any, pages: dict[int, int], numero: int | None = None) -> list[str]:
    """What a new or rewritten signature field (or widget) may not have: a visible appearance,
    entries beyond what signing tools write."""
    changes = [] if _invisible(champ) else [_visible(champ, resolveur, pages, numero)]
    cles = sorted(set(champ) - CLES_CHAMP_DE_SIGNATURE)
    if cles:
        changes.append(f"champ de signature « {_titre(champ, resolveur)} » : entrées non admises ({', '.join(cles)})")
    return changes


def _type(obj: Any) -> Any:
    from pyhanko.pdf_utils import generic

    return obj.get("/Type") if isinstance(obj, generic.DictionaryObject) else None


def _technique(lecteur: Any, k: int, ref: Any, obj: Any, valeurs: frozenset[Any]) -> bool:
    """A new object that only signing writes, where it belongs: a signature value that a signature
    field of the file holds, this update's own cross-reference stream, an object stream that this
    update's cross-reference section uses."""
    sorte = _type(obj)
    if sorte in ("/Sig", "/DocTimeStamp"):
        return ref in valeurs
    if sorte == "/XRef":
        return bool(ref == lecteur.xrefs.get_xref_container_info(k).stream_ref)
    if sorte == "/ObjStm":
        return ref.idnum in lecteur.xrefs.get_xref_data(k).obj_streams_used
    return False


VERSIONS_ADMISES = frozenset({"/1.4", "/1.5", "/1.6", "/1.7"})
"""What signing may set /Version to: the document is PDF/A-3, based on PDF 1.7 (a PDF 2.0
version would make it another kind of document)."""


def _objet_change(ref: Any, obj: Any, ancien: Any) -> str:
    from pyhanko.pdf_utils import generic

    if obj is None:
        return f"objet n° {ref.idnum} illisible"
    sorte = obj.get("/Type") or obj.get("/Subtype") if isinstance(obj, generic.DictionaryObject) else None
    return f"objet n° {ref.idnum}{f' ({sorte})' if sorte else ''} {'remplacé' if ancien is not None else 'ajouté'}"


def _catalogue_modifie(catalogue: Any, ancien: Any, valeurs: frozenset[Any] = frozenset()) -> list[str]:
    """Catalog entries changed beyond those signing needs (all of them for a new catalog), and
    those signing needs holding more than signing writes."""
    ancien = ancien if ancien is not None else {}
    from pyhanko.pdf_utils import generic

    cles = sorted(c for c in set(catalogue) | set(ancien) if c not in CLES_SIGNATURE_CATALOGUE and (
        c not in ancien or c not in catalogue or ancien.raw_get(c) != catalogue.raw_get(c)))
    changes = [f"catalogue du document modifié ({', '.join(cles)})"] if cles else []
    changes.extend(_cles_de_signature_modifiees(catalogue, ancien, valeurs))
    # A form written inside the catalog is held to what a form of its own may hold.
    formulaire = catalogue.raw_get("/AcroForm") if "/AcroForm" in catalogue else None
    if isinstance(formulaire, generic.DictionaryObject) and not set(formulaire) <= CLES_FORMULAIRE:
        changes.append(f"formulaire modifié ({', '.join(sorted(set(formulaire) - CLES_FORMULAIRE))})")
    return changes


def _cles_de_signature_modifiees(catalogue: Any, ancien: Any, valeurs: frozenset[Any]) -> list[str]:
    """/Version only to a PDF 1.x version; /Perms only a certification (/DocMDP) by a signature
    of this file; /Extensions only extension levels (names with a dictionary of numbers, names
    and strings)."""
    from pyhanko.pdf_utils import generic

    def change(cle: str) -> bool:
        return cle in catalogue and (cle not in ancien or catalogue.raw_get(cle) != ancien.raw_get(cle))

    changes = []
    if change("/Version") and catalogue.raw_get("/Version") not in VERSIONS_ADMISES:
        changes.append(f"version du PDF changée en {catalogue.raw_get('/Version')} (catalogue /Version)")
    permissions = catalogue.raw_get("/Perms") if "/Perms" in catalogue else None
    if change("/Perms") and not (isinstance(permissions, generic.DictionaryObject) and set(permissions) <= {"/DocMDP"}
                                  and all(isinstance(v, generic.IndirectObject) and v.reference in valeurs
                                          for v in (permissions.raw_get(c) for c in permissions))):
        changes.append("permissions du document modifiées (catalogue /Perms : seule une certification /DocMDP par "
                       "une signature de ce fichier est admise)")
    extensions = catalogue.get("/Extensions") if "/Extensions" in catalogue else None
    if change("/Extensions") and not _extensions_simples(extensions):
        changes.append("extensions du PDF modifiées (catalogue /Extensions)")
    return changes


def _extensions_simples(extensions: Any) -> bool:
    """Developer extensions as signing tools declare them (/ADBE, /ESIC: a base version and a level)."""
    from pyhanko.pdf_utils import generic

    if not isinstance(extensions, generic.DictionaryObject):
        return False
    for cle in extensions:
        valeur = extensions.get(cle)
        niveaux = valeur if isinstance(valeur, generic.ArrayObject) else [valeur]
        for niveau in niveaux:
            if not isinstance(niveau, generic.DictionaryObject) or isinstance(niveau, generic.StreamObject) or any(
                    not isinstance(niveau.raw_get(c), (generic.NumberObject, generic.NameObject, generic.TextStringObject,
                                                       generic.ByteStringObject, generic.FloatObject))
                    for c in niveau):
                return False
    return True


def _pages(resolveur: Any, catalogue: Any) -> dict[int, int]:
    """Object number of each page -> its number (from 1), walking the page tree of that revision."""
    from pyhanko.pdf_utils import generic

    numeros: dict[int, int] = {}
    vus: set[int] = set()
    pile = [catalogue.raw_get("/Pages")] if "/Pages" in catalogue else []
    ordre: list[int] = []
    while pile and len(vus) < 100_000:
        noeud = pile.pop()
        if not isinstance(noeud, generic.IndirectObject) or noeud.idnum in vus:
            continue
        vus.add(noeud.idnum)
        try:
            d = resolveur(noeud.reference)
        except Exception:
            continue
        if "/Kids" in d:
            enfants = d.raw_get("/Kids")
            enfants = resolveur(enfants.reference) if isinstance(enfants, generic.IndirectObject) else enfants
            pile.extend(reversed(list(enfants)))
        else:
            ordre.append(noeud.idnum)
    for n, idnum in enumerate(ordre, 1):
        numeros[idnum] = n
    return numeros


def _atteignables(resolveur: Any, racine: Any, limite: int = 10_000) -> set[Any]:
    """Every object reachable from ``racine`` (validation data, an appearance), bounded."""
    from pyhanko.pdf_utils import generic

    trouves: set[Any] = set()
    pile = [racine]
    while pile and len(trouves) < limite:
        v = pile.pop()
        if isinstance(v, generic.IndirectObject):
            if v.reference in trouves:
                continue
            trouves.add(v.reference)
            try:
                v = resolveur(v.reference)
            except Exception:
                continue
        if isinstance(v, generic.DictionaryObject):  # streams too
            pile.extend(v.raw_get(c) for c in v)
        elif isinstance(v, generic.ArrayObject):
            pile.extend(v.raw_get(i) for i in range(len(v)))
    return trouves


def _champ_de_signature(obj: Any, resolveur: Any) -> bool:
    """A signature field, or a widget of one (as the revision ``resolveur`` reads it)."""
    from pyhanko.pdf_utils import generic

    if not isinstance(obj, generic.DictionaryObject) or isinstance(obj, generic.StreamObject):
        return False
    parent = _val(resolveur, obj, "/Parent")
    if obj.get("/Subtype", "/Widget") != "/Widget":  # another kind of annotation (a note) is drawn its own way
        return False
    return obj.get("/FT") == "/Sig" or (obj.get("/Subtype") == "/Widget" and isinstance(parent, generic.DictionaryObject)
                                        and parent.get("/FT") == "/Sig")


def _invisible(widget: Any) -> bool:
    """No appearance over the contract: an empty rectangle, or hidden (flag Hidden; or NoView, if
    it is not printed (Print) nor shown on hover (ToggleNoView))."""
    try:
        rect = [float(x) for x in widget.get("/Rect", [0, 0, 0, 0])]
        drapeaux = int(widget.get("/F", 0))
    except (TypeError, ValueError):
        return False
    if len(rect) != 4:  # readers disagree on a malformed rectangle: MuPDF draws its first four numbers
        return False
    cache = bool(drapeaux & 2) or bool(drapeaux & 32) and not drapeaux & (4 | 256)
    return cache or abs(rect[2] - rect[0]) * abs(rect[3] - rect[1]) == 0


def _visible(widget: Any, resolveur: Any, pages: dict[int, int], numero: int | None = None) -> str:
    from pyhanko.pdf_utils import generic

    page = widget.raw_get("/P") if "/P" in widget else None
    numero = numero or (pages.get(page.idnum) if isinstance(page, generic.IndirectObject) else None)
    return f"champ de signature « {_titre(widget, resolveur)} » visible sur {f'la page {numero}' if numero else 'une page'}"


def _titre(widget: Any, resolveur: Any) -> Any:
    from pyhanko.pdf_utils import generic

    parent = _val(resolveur, widget, "/Parent")
    return widget.get("/T") or (parent.get("/T") if isinstance(parent, generic.DictionaryObject) else None) or "sans nom"


def _page_modifiee(page: Any, ancienne: Any, numero: int, apres: Any, avant: Any, pages: dict[int, int]
                   ) -> list[str]:
    """A page may only gain signature widgets without a visible appearance in its annotations."""

    if ancienne is None:
        return [f"page {numero} ajoutée"]
    cles = sorted(c for c in set(page) | set(ancienne) if c != "/Annots" and (
        c not in page or c not in ancienne or page.raw_get(c) != ancienne.raw_get(c)))
    changes = [f"page {numero} modifiée ({', '.join(cles)})"] if cles else []
    return changes + _annotations_ajoutees(_liste(apres, page, "/Annots"), _liste(avant, ancienne, "/Annots"),
                                           numero, apres, pages)


def _annotations_ajoutees(annotations: list[Any], anciennes: list[Any], numero: int, apres: Any,
                          pages: dict[int, int]) -> list[str]:
    """Annotations a page gains: only signature widgets without a visible appearance nor action."""
    from pyhanko.pdf_utils import generic

    deja = {a.idnum for a in anciennes if isinstance(a, generic.IndirectObject)}
    changes = []
    for annotation in annotations:
        if isinstance(annotation, generic.IndirectObject) and annotation.idnum in deja:
            continue
        objet = _resoudre(apres, annotation)
        if not _champ_de_signature(objet, apres):
            sorte = objet.get("/Subtype", "inconnue") if isinstance(objet, generic.DictionaryObject) else "inconnue"
            changes.append(f"annotation {sorte} ajoutée à la page {numero}")
        else:
            changes.extend(_champ_refuse(objet, apres, pages, numero))
    return changes


def _elements(tableau: Any) -> list[Any]:
    from pyhanko.pdf_utils import generic

    return [tableau.raw_get(i) for i in range(len(tableau))] if isinstance(tableau, generic.ArrayObject) else []


def _resoudre(resolveur: Any, v: Any) -> Any:
    """``v`` as it is in the revision ``resolveur`` reads (an indirect object's own ``get_object``
    would read the latest revision)."""
    from pyhanko.pdf_utils import generic

    if isinstance(v, (generic.IndirectObject, generic.Reference)):
        try:
            return resolveur(v.reference if isinstance(v, generic.IndirectObject) else v)
        except Exception:  # a dangling reference, an entry that does not parse
            return None
    return v


def _val(resolveur: Any, d: Any, cle: str) -> Any:
    from pyhanko.pdf_utils import generic

    return _resoudre(resolveur, d.raw_get(cle)) if isinstance(d, generic.DictionaryObject) and cle in d else None


def _liste(resolveur: Any, d: Any, cle: str) -> list[Any]:

    return _elements(_val(resolveur, d, cle))


def _metadonnees_changees(original: bytes, pdf: bytes, qpdf: list[str] | None = None) -> list[str]:
    """Info entries and XMP properties that differ between the original and the whole file,
    except the dates and producer a signing tool rewrites (``qpdf`` receives what qpdf had to
    repair to read the whole file)."""
    avant, apres = _metadonnees(original), _metadonnees(pdf, qpdf)
    changes = []
    for cle in sorted(set(avant) | set(apres)):
        if avant.get(cle) != apres.get(cle):
            nom = {"Info /Title": "titre (Info /Title)", "XMP title": "titre (XMP dc:title)"}.get(cle, cle)
            changes.append(f"{nom} (« {_court(avant.get(cle))} » devenu « {_court(apres.get(cle))} »)")
    return changes


def _court(v: Any) -> str:
    texte = "" if v is None else str(v)
    return texte if len(texte) <= 80 else texte[:77] + "…"


def _metadonnees(pdf: bytes, qpdf: list[str] | None = None) -> dict[str, Any]:
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            if qpdf is not None:  # a rebuilt cross-reference table, a duplicate key dropped...
                qpdf.extend(doc.get_warnings())
            info = {f"Info {c}": str(v) for c, v in doc.docinfo.items() if c not in CLES_INFO_DE_SIGNATURE}
            xmp: dict[str, Any] = {}
            for c, v in doc.open_metadata().items():
                if c not in CLES_XMP_DE_SIGNATURE and not c.startswith(ESPACE_XMP_DE_GESTION):
                    # By its name (« XMP part »); the same name in another schema (pdfaid:part,
                    # then pdfuaid:part) by its full name, so one does not hide the other.
                    nom = f"XMP {c.rsplit('}', 1)[-1]}"
                    xmp[f"XMP {c}" if nom in xmp else nom] = v
    except Exception:  # unreadable metadata: reported as such by the comparison
        if qpdf is not None:
            qpdf.append("fichier illisible")
        return {"métadonnées": "illisibles"}
    return info | xmp


AMBIGUE = "structure ambiguë (des lecteurs PDF la liraient autrement que cette vérification)"


def structure_ambigue(pdf: bytes, lu: PdfLu, qpdf: list[str]) -> tuple[list[str], dict[int, list[str]]]:
    """What makes the file read differently by different PDF readers (what is checked is what
    pyHanko reads; what is shown is what poppler, MuPDF or qpdf read): (the whole file's
    problems, each update's problems by revision number). ``qpdf``: what qpdf had to repair
    to read the whole file. Revision 0 is the build's own output, compared byte for byte with
    its rebuild elsewhere."""
    global_ = [f"{AMBIGUE} : qpdf a dû réparer le fichier pour le lire"] if qpdf else []
    if lu.erreur_stricte:  # pyHanko's strict mode refuses what its lenient mode guesses at
        return global_ + [f"{AMBIGUE} : lecture stricte impossible ({lu.erreur_stricte})"], {}
    strict = lu.lecteur
    total = strict.xrefs.total_revisions
    fins = [_fin_de_revision(pdf, strict, k) for k in range(total)]
    par_revision = {}
    for k in range(1, total):
        problemes = _objets_stricts(strict, k) + _section_et_octets(pdf, strict, k, fins[k - 1], fins[k])
        if problemes:
            par_revision[k] = [f"{AMBIGUE} : {', '.join(dict.fromkeys(problemes))}"]
    return global_, par_revision


def _pourquoi(exc: Exception) -> str:
    texte = str(exc)
    for anglais, francais in (("wrong index", "flux d'objets dont l'en-tête ne correspond pas aux positions"),
                              ("Multiple definitions", "clé en double dans un dictionnaire"),
                              ("clobbered", "flux de références croisées réécrit"),
                              ("free xref", "entrée libre invalide dans une mise à jour")):
        if anglais in texte:
            return francais
    return f"erreur {type(exc).__name__}"


def _objets_stricts(strict: Any, k: int) -> list[str]:
    """Every object update ``k`` lists, read by pyHanko's strict reader (which refuses duplicate
    dictionary keys and object streams whose header does not match the positions)."""
    resolveur = strict.get_historical_resolver(k)
    problemes = []
    for ref in sorted(strict.xrefs.explicit_refs_in_revision(k), key=lambda r: r.idnum):
        try:
            objet = resolveur(ref)
            if isinstance(objet, _flux_type()) and objet.get("/Type") == "/ObjStm":
                problemes.extend(_flux_d_objets(ref, objet))
        except Exception as exc:
            problemes.append(f"objet n° {ref.idnum} illisible en lecture stricte ({_pourquoi(exc)})")
    return problemes


def _flux_type() -> Any:
    from pyhanko.pdf_utils import generic

    return generic.StreamObject


def _flux_d_objets(ref: Any, flux: Any) -> list[str]:
    """An object stream whose header lists a number twice, or offsets out of order (readers that
    take the first, the last or the indexed entry would read different objects)."""
    try:
        premier, n = int(flux["/First"]), int(flux["/N"])
        jetons = flux.data[:premier].split()
        numeros = [int(j) for j in jetons[0::2]]
        positions = [int(j) for j in jetons[1::2]]
    except Exception:
        return [f"flux d'objets n° {ref.idnum} illisible"]
    if len(numeros) != n or len(positions) != n or len(set(numeros)) != n or positions != sorted(set(positions)):
        return [f"flux d'objets n° {ref.idnum} dont l'en-tête nomme un objet deux fois ou ne correspond pas à ses "
                "positions"]
    return []


def _section_et_octets(pdf: bytes, strict: Any, k: int, debut: int, fin: int) -> list[str]:
    """Update ``k``'s cross-reference section read as written (each object number once, entry
    types 0, 1, 2 only, as many entries as /Index says), and its bytes ``debut:fin`` made only of
    the objects it lists, its section and trailer: an object no section lists is what a reader
    that rebuilds a broken cross-reference table would find, and show."""
    from pyhanko.pdf_utils.xref import XRefSectionType

    info = strict.xrefs.get_xref_container_info(k)
    section = info.declared_startxref
    try:
        if info.xref_section_type == XRefSectionType.STANDARD:
            entrees, fin_section = _table_classique(pdf, section)
        elif info.xref_section_type == XRefSectionType.STREAM:
            entrees, fin_section = _flux_de_references(pdf, strict, info), None
        else:
            return ["section de références croisées hybride"]
    except ValueError as exc:
        return [str(exc)]
    numeros = [n for n, _, _ in entrees]
    doubles = sorted({n for n in numeros if numeros.count(n) > 1}) if len(set(numeros)) != len(numeros) else []
    if doubles:
        return [f"objet n° {', '.join(map(str, doubles[:5]))} listé deux fois dans la même section de références "
                "croisées"]
    positions = {pos: (n, gen) for n, t, (pos, gen) in entrees if t == 1}
    positions.setdefault(section, (-1, 0))
    hors = sorted(n for pos, (n, _) in positions.items() if not debut <= pos < fin)
    if hors:
        return [f"objet n° {', '.join(map(str, hors[:5]))} placé hors des octets de sa mise à jour"]
    return _octets_orphelins(pdf, strict, sorted(positions), debut, fin, section, fin_section)


def _table_classique(pdf: bytes, debut: int) -> tuple[list[tuple[int, int, tuple[int, int]]], int]:
    """Rows of a classic cross-reference table as written (every row, duplicates kept), and where
    its « trailer » keyword starts."""
    fin = pdf.find(b"trailer", debut)
    jetons = pdf[debut:fin].split() if fin > 0 else []
    if not jetons or jetons[0] != b"xref":
        raise ValueError("table de références croisées illisible")
    entrees, i = [], 1
    try:
        while i < len(jetons):
            premier, nombre = int(jetons[i]), int(jetons[i + 1])
            i += 2
            for j in range(nombre):
                position, generation, marque = jetons[i:i + 3]
                if marque not in (b"n", b"f"):
                    raise ValueError
                entrees.append((premier + j, 1 if marque == b"n" else 0, (int(position), int(generation))))
                i += 3
    except (ValueError, IndexError):
        raise ValueError("table de références croisées illisible") from None
    return entrees, fin


def _flux_de_references(pdf: bytes, strict: Any, info: Any) -> list[tuple[int, int, tuple[int, int]]]:
    """Entries of a cross-reference stream as written: only types 0, 1 and 2, exactly as many
    as /Index announces (pyHanko skips an unknown type; poppler then rebuilds the table)."""
    flux = _objet_a(pdf, strict, info.declared_startxref)
    try:
        largeurs = [int(w) for w in flux["/W"]]
        index = [int(x) for x in flux.get("/Index", [0, flux["/Size"]])]
        donnees = flux.data
    except Exception:
        raise ValueError("flux de références croisées illisible") from None
    largeur = sum(largeurs)
    if len(largeurs) != 3 or largeur <= 0 or len(index) % 2 or len(donnees) != largeur * sum(index[1::2]):
        raise ValueError("flux de références croisées dont le nombre d'entrées ne correspond pas à /Index")

    def champ(ligne: bytes, i: int, defaut: int) -> int:
        debut = sum(largeurs[:i])
        return int.from_bytes(ligne[debut:debut + largeurs[i]], "big") if largeurs[i] else defaut

    entrees, rang = [], 0
    for premier, nombre in zip(index[0::2], index[1::2]):
        for j in range(nombre):
            ligne = donnees[rang * largeur:(rang + 1) * largeur]
            rang += 1
            sorte = champ(ligne, 0, 1)
            if sorte not in (0, 1, 2):
                raise ValueError(f"entrée de type {sorte} inconnu dans le flux de références croisées")
            entrees.append((premier + j, sorte, (champ(ligne, 1, 0), champ(ligne, 2, 0))))
    return entrees


def _objet_a(pdf: bytes, strict: Any, position: int, fin: list[int] | None = None) -> Any:
    """The indirect object written at ``position`` (``fin`` receives where its « endobj » ends)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.misc import read_non_whitespace
    from pyhanko.pdf_utils.xref import read_object_header

    flux = io.BytesIO(pdf)
    flux.seek(position)
    try:
        idnum, generation = read_object_header(flux, strict=True)  # type: ignore[no-untyped-call]  # untyped in pyHanko
        objet = generic.read_object(flux, generic.Reference(idnum, generation, pdf=strict))
        read_non_whitespace(flux)  # type: ignore[no-untyped-call]  # untyped in pyHanko
        flux.seek(-1, 1)
        if flux.read(6) != b"endobj":
            raise ValueError
    except Exception:
        raise ValueError(f"objet illisible à la position {position}") from None
    if fin is not None:
        fin.append(flux.tell())
    return objet


def _trailer_seul(pdf: bytes, debut: int, fin: int) -> bool:
    """« trailer », one dictionary, « startxref … %%EOF » and nothing else from ``debut`` to ``fin``."""
    import re

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.misc import read_non_whitespace

    flux = io.BytesIO(pdf[:fin])
    flux.seek(debut + len(b"trailer"))
    try:
        read_non_whitespace(flux)  # type: ignore[no-untyped-call]  # untyped in pyHanko
        flux.seek(-1, 1)
        generic.DictionaryObject.read_from_stream(flux, generic.TrailerReference(None))  # type: ignore[no-untyped-call]
    except Exception:
        return False
    return re.fullmatch(rb"\s*startxref\s+\d+\s*%%EOF\s*", pdf[flux.tell():fin]) is not None


def _octets_orphelins(pdf: bytes, strict: Any, positions: list[int], debut: int, fin: int, section: int,
                      fin_section: int | None) -> list[str]:
    """Between two listed objects, only white space; after the last one, only the trailer (for a
    classic table) and « startxref … %%EOF »."""
    import re

    if pdf[debut:positions[0]].strip(BLANCS_PDF):
        return ["octets hors de tout objet listé au début de la mise à jour"]
    for i, position in enumerate(positions):
        suivante = positions[i + 1] if i + 1 < len(positions) else fin
        if position == section and fin_section is not None:
            if suivante != fin or not _trailer_seul(pdf, fin_section, fin):
                return ["octets hors de tout objet listé après la table de références croisées"]
            continue
        termine: list[int] = []
        try:
            _objet_a(pdf, strict, position, termine)
        except ValueError as exc:
            return [str(exc)]
        reste = pdf[termine[0]:suivante]
        attendu = rb"\s*startxref\s+\d+\s*%%EOF\s*" if suivante == fin else rb"\s*"
        if re.fullmatch(attendu, reste) is None:
            return [f"octets hors de tout objet listé (après l'objet à la position {position}) : un lecteur qui "
                    "reconstruit la table y trouverait d'autres objets"]
    return []
