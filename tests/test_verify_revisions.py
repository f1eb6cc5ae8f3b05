"""``verify`` that cannot be fooled (issue 20): every revision of the file is checked, not only the
bytes before the first « %%EOF ». Each attack is a minimal reproduction on the minimal contract;
for each signed case, poppler's ``pdfsig`` and pyHanko's own validator give their verdict, and
``verify`` is never more lenient than either (where they accept and ``verify`` refuses, the test
says why).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from hostiles import _certificat, _mise_a_jour_de_la_page_1

from conftest import RACINE, lancer, textes_pdf
from depots import cloner, depot_git, etiqueter

MINIMAL = RACINE / "tests" / "fixtures" / "minimal" / "sources"
VERDICTS: dict[str, dict[str, bool]] = {}
"""What pdfsig and pyHanko said of each signed case (printed at the end of the module, with -s)."""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The minimal contract built once, signed by two trusted signatories; a third, untrusted."""
    dossier = tmp_path_factory.mktemp("revisions")
    fini = lancer("--sources", str(MINIMAL), "--dist", str(dossier / "dist"))
    assert fini.returncode == 0, fini.stderr
    original = (dossier / "dist" / "contrat-de-ville.pdf").read_bytes()
    certificats = {nom: _certificat(dossier, nom) for nom in ("Prefete du Jura", "President CCVF", "Faussaire")}
    pdf = dossier / "signe.pdf"
    pdf.write_bytes(original)
    for nom in ("Prefete du Jura", "President CCVF"):
        fini = lancer("sign", str(pdf), "--cert", str(certificats[nom][0]), "--mot-de-passe", "secret")
        assert fini.returncode == 0, fini.stderr
    return {"dossier": dossier, "original": original, "signe": pdf.read_bytes(), "certificats": certificats,
            "confiance": [certificats["Prefete du Jura"][1], certificats["President CCVF"][1]]}


def _verify(pdf: Path, base: dict, sources: Path = MINIMAL) -> subprocess.CompletedProcess:
    confiance = [a for pem in base["confiance"] for a in ("--confiance", str(pem))]
    return lancer("verify", str(pdf), "--sources", str(sources), *confiance)


def _signer(pdf: bytes, p12: Path, nom: str, visible: bool = False) -> bytes:
    """A PAdES signature made with pyHanko directly (``visible``: a stamp over all of page 1)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signataire = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=b"secret")
    boite = (0, 0, 595, 842) if visible else None
    sortie = io.BytesIO()
    signers.PdfSigner(signers.PdfSignatureMetadata(field_name=nom), signataire,
                      new_field_spec=fields.SigFieldSpec(nom, on_page=0, box=boite)).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False), output=sortie)
    return sortie.getvalue()


def _champ_vide_qui_recouvre(pdf: bytes, drapeaux: int | None = None) -> bytes:
    """An empty signature field whose appearance paints page 1 white and prints other text
    (``drapeaux``: the widget's annotation flags /F)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    ecrivain = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    fields.append_signature_field(ecrivain, fields.SigFieldSpec("Vide", on_page=0, box=(0, 0, 595, 842)))
    for reference in ecrivain.root["/AcroForm"]["/Fields"]:  # indirect references, as stored
        champ = reference.get_object()
        if champ.get("/T") == "Vide":
            apparence = generic.StreamObject({
                generic.NameObject("/Type"): generic.NameObject("/XObject"),
                generic.NameObject("/Subtype"): generic.NameObject("/Form"),
                generic.NameObject("/BBox"): generic.ArrayObject([generic.NumberObject(x) for x in (0, 0, 595, 842)])},
                stream_data=b"1 g 0 0 595 842 re f 0 g BT /Helv 30 Tf 72 700 Td (MONTANT : 1 000 000 EUR) Tj ET")
            champ[generic.NameObject("/AP")] = generic.DictionaryObject(
                {generic.NameObject("/N"): ecrivain.add_object(apparence)})
            if drapeaux is not None:
                champ[generic.NameObject("/F")] = generic.NumberObject(drapeaux)
            ecrivain.mark_update(reference)
    sortie = io.BytesIO()
    ecrivain.write(sortie)
    return sortie.getvalue()


def _mise_a_jour_des_metadonnees(pdf: bytes, titre: str | None = None, xmp: tuple[bytes, bytes] | None = None) -> bytes:
    """An incremental update of the Info title, or of the XMP stream (``xmp``: bytes replaced)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    ecrivain = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    if titre is not None:
        info = ecrivain.trailer.raw_get("/Info")
        info.get_object()[generic.NameObject("/Title")] = generic.TextStringObject(titre)
        ecrivain.mark_update(info)
    if xmp is not None:
        ecrivain._update_meta = lambda: None  # pyHanko would rewrite the XMP itself: the attacker's tool does not
        ancien = ecrivain.root["/Metadata"]
        flux = generic.StreamObject({generic.NameObject("/Type"): generic.NameObject("/Metadata"),
                                     generic.NameObject("/Subtype"): generic.NameObject("/XML")},
                                    stream_data=ancien.data.replace(*xmp))
        ecrivain.root[generic.NameObject("/Metadata")] = ecrivain.add_object(flux)
        ecrivain.update_root()
    sortie = io.BytesIO()
    ecrivain.write(sortie)
    return sortie.getvalue()


def _pyhanko_accepte(pdf: bytes, confiance: list[Path]) -> bool:
    """pyHanko's bottom line for every signature (intact, valid, trusted, modifications allowed)."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    contexte = ValidationContext(trust_roots=[load_cert_from_pemder(str(c)) for c in confiance], allow_fetching=False)
    sigs = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    return bool(sigs) and all(validate_pdf_signature(s, contexte).bottom_line for s in sigs)


def _pdfsig(pdf: Path) -> tuple[bool, bool]:
    """(every signature valid, the last covering the whole file) according to poppler; an empty
    signature field (« not signed ») is no signature to judge."""
    sortie = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True, timeout=60).stdout
    blocs = [b for b in sortie.split("Signature #")[1:] if "is not signed" not in b]
    valides = bool(blocs) and all("Signature Validation: Signature is Valid." in b for b in blocs)
    return valides, bool(blocs) and "Total document signed" in blocs[-1] and "Not total" not in blocs[-1]


def _verdicts(cas: str, pdf: Path, base: dict, verify: subprocess.CompletedProcess) -> dict[str, bool]:
    """Record what pdfsig (every signature valid, the last covering the whole file) and pyHanko
    say of ``pdf``, and check that verify refuses whatever either refuses."""
    valides, total = _pdfsig(pdf)
    avis = {"pdfsig": valides and total, "pyhanko": _pyhanko_accepte(pdf.read_bytes(), base["confiance"]),
            "verify": verify.returncode == 0}
    VERDICTS[cas] = avis
    print(f"\n{cas} : {avis}")
    if not (avis["pdfsig"] and avis["pyhanko"]):
        assert verify.returncode != 0, f"{cas} : verify plus indulgent que pdfsig ou pyHanko\n{verify.stdout}"
    assert "Traceback" not in verify.stderr
    return avis


@pytest.mark.pdf
def test_le_document_signe_est_verifie_et_ses_mises_a_jour_aussi(base: dict, tmp_path: Path) -> None:
    pdf = tmp_path / "signe.pdf"
    pdf.write_bytes(base["signe"])
    fini = _verify(pdf, base)
    assert fini.returncode == 0, fini.stdout + fini.stderr
    assert "Historique : 2 mise(s) à jour après la production, qui n'ajoutent que des signatures sans apparence " \
           "visible" in fini.stdout
    assert "(vérifiée : ses sources jointes sont, fichier par fichier, celles du commit" in fini.stdout
    assert _verdicts("signé deux fois", pdf, base, fini) == {"pdfsig": True, "pyhanko": True, "verify": True}


@pytest.mark.pdf
def test_des_donnees_de_validation_apres_la_derniere_signature_sont_admises(base: dict, tmp_path: Path) -> None:
    """What signing legitimately appends later (a DSS with the signers' certificates, for long-term
    validation) is not a change: verify looks at what the update adds, not only at its presence."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    tampon = io.BytesIO(base["signe"])
    derniere = PdfFileReader(io.BytesIO(base["signe"]), strict=False).embedded_signatures[-1]
    DocumentSecurityStore.add_dss(tampon, derniere.sig_object["/Contents"],
                                  certs=[load_cert_from_pemder(str(c)) for c in base["confiance"]])
    pdf = tmp_path / "dss.pdf"
    pdf.write_bytes(tampon.getvalue())
    fini = _verify(pdf, base)
    assert fini.returncode == 0, fini.stdout + fini.stderr
    assert "Historique : 3 mise(s) à jour après la production" in fini.stdout
    # pyHanko agrees (« LTA updates »); pdfsig only states that the last signature no longer
    # covers the whole file, without judging what was appended.
    assert _pyhanko_accepte(pdf.read_bytes(), base["confiance"]) and _pdfsig(pdf) == (True, False)


@pytest.mark.pdf
def test_une_page_changee_avant_la_premiere_signature(base: dict, tmp_path: Path) -> None:
    """Attack 1: page 1 replaced by an update, then the trusted signatory signs."""
    pdf = tmp_path / "avant.pdf"
    pdf.write_bytes(_signer(_mise_a_jour_de_la_page_1(base["original"]), base["certificats"]["Prefete du Jura"][0],
                            "Signature1"))
    assert "MONTANT" in textes_pdf(pdf, slice(0, 1))[0]  # what page 1 now shows (the subset font garbles the rest)
    fini = _verify(pdf, base)
    assert fini.returncode == 1, fini.stdout
    assert ("✗ le document a été modifié avant la première signature (mise à jour n° 1) : page 1 modifiée "
            "(/Contents)") in fini.stderr
    assert "Aucune altération détectée" not in fini.stdout
    avis = _verdicts("page changée avant la première signature", pdf, base, fini)
    # pdfsig and pyHanko accept: the signature is intact and covers everything; they do not know
    # that revision 0 is the contract as built and that the signed revision must add nothing else.
    assert avis["pdfsig"] and avis["pyhanko"]


@pytest.mark.pdf
def test_une_signature_hors_des_certificats_de_confiance_est_un_echec(base: dict, tmp_path: Path) -> None:
    """Attack 2: with --confiance, an untrusted third signature fails (no longer a mere remark)."""
    pdf = tmp_path / "tiers.pdf"
    pdf.write_bytes(base["signe"])
    fini = lancer("sign", str(pdf), "--cert", str(base["certificats"]["Faussaire"][0]), "--mot-de-passe", "secret")
    assert fini.returncode == 0, fini.stderr
    fini = _verify(pdf, base)
    assert fini.returncode == 1, fini.stdout
    assert ("✗ la signature « Signature3 » (Common Name: Faussaire) n'est faite par aucun des certificats de "
            "confiance donnés (--confiance)") in fini.stderr
    avis = _verdicts("signature d'un tiers", pdf, base, fini)
    # pdfsig checks the bytes, not who signed (it trusts its own store, not --confiance).
    assert avis["pdfsig"] and not avis["pyhanko"]


@pytest.mark.pdf
@pytest.mark.parametrize("signataire", ["Faussaire", "President CCVF"])
def test_une_signature_visible_sur_la_page_1(base: dict, tmp_path: Path, signataire: str) -> None:
    """Attack 2: the second signer stamps a visible signature over page 1 (untrusted, or even trusted:
    a signature of this contract adds no appearance over it)."""
    premiere = _signer(base["original"], base["certificats"]["Prefete du Jura"][0], "Signature1")
    pdf = tmp_path / "visible.pdf"
    pdf.write_bytes(_signer(premiere, base["certificats"][signataire][0], "Signature2", visible=True))
    fini = _verify(pdf, base)
    assert fini.returncode == 1, fini.stdout
    assert ("le document a été modifié dans la mise à jour qui ajoute la signature « Signature2 » (mise à jour "
            "n° 2) : champ de signature « Signature2 » visible sur la page 1") in fini.stderr
    avis = _verdicts(f"signature visible de {signataire}", pdf, base, fini)
    # pdfsig: a valid signature covering everything; pyHanko: « form filling », allowed after
    # Signature1. Neither asks whether the stamp covers the contract.
    assert avis["pdfsig"]
    assert avis["pyhanko"] is (signataire == "President CCVF")


@pytest.mark.pdf
def test_un_champ_vide_qui_recouvre_la_page_entre_deux_signatures(base: dict, tmp_path: Path) -> None:
    """Attack 3: an empty signature field, whose appearance paints page 1 white and prints other
    text, added between two trusted signatures."""
    premiere = _signer(base["original"], base["certificats"]["Prefete du Jura"][0], "Signature1")
    pdf = tmp_path / "recouvert.pdf"
    pdf.write_bytes(_signer(_champ_vide_qui_recouvre(premiere), base["certificats"]["President CCVF"][0], "Signature2"))
    fini = _verify(pdf, base)
    assert fini.returncode == 1, fini.stdout
    assert ("✗ le document a été modifié après la signature « Signature1 » (mise à jour n° 2) : champ de signature "
            "« Vide » visible sur la page 1") in fini.stderr
    avis = _verdicts("champ vide qui recouvre la page", pdf, base, fini)
    # Both accept: pyHanko calls it form filling, pdfsig sees two valid signatures.
    assert avis["pdfsig"] and avis["pyhanko"]


@pytest.mark.pdf
def test_le_titre_ou_le_xmp_change_apres_la_derniere_signature(base: dict, tmp_path: Path) -> None:
    """Attack 9: Info title (shown and printed by verify) or XMP (the PDF/A claim) changed after signing."""
    titre = tmp_path / "titre.pdf"
    titre.write_bytes(_mise_a_jour_des_metadonnees(base["signe"], titre="Contrat de ville 2024-2030 (version définitive)"))
    xmp = tmp_path / "xmp.pdf"
    xmp.write_bytes(_mise_a_jour_des_metadonnees(base["signe"], xmp=(b'<pdfaid:part>3<', b'<pdfaid:part>1<')))
    fini = _verify(titre, base)
    assert fini.returncode == 1, fini.stdout
    assert ("✗ les métadonnées ont été modifiées après la production du document : titre (Info /Title) "
            "(« Contrat de ville 2024-2030 de la Communauté de communes du Val Fictif » devenu « Contrat de ville "
            "2024-2030 (version définitive) »)") in fini.stderr
    avis = _verdicts("titre changé après signature", titre, base, fini)
    # pyHanko files a metadata update under « LTA updates » (allowed); pdfsig sees an uncovered tail.
    assert avis["pyhanko"] and not avis["pdfsig"]
    fini = _verify(xmp, base)
    assert fini.returncode == 1, fini.stdout
    assert "XMP part (« 3 » devenu « 1 »)" in fini.stderr
    _verdicts("XMP changé après signature", xmp, base, fini)


@pytest.mark.pdf
def test_un_titre_qui_contient_eof_reste_verifiable(base: dict, tmp_path: Path) -> None:
    """Attack 9: the original is found by the cross-reference sections, not by searching « %%EOF »."""
    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    contrat = sources / "contrat.yaml"
    contrat.write_text(contrat.read_text(encoding="utf-8").replace(
        'intitule: "Contrat de ville 2024-2030', 'intitule: "Contrat %%EOF de ville 2024-2030').replace(
        'non_sigles: ["CONTRAT"', 'non_sigles: ["EOF", "CONTRAT"'), encoding="utf-8")
    fini = lancer("--sources", str(sources), "--dist", str(tmp_path / "dist"))
    assert fini.returncode == 0, fini.stderr
    pdf = tmp_path / "eof.pdf"
    original = (tmp_path / "dist" / "contrat-de-ville.pdf").read_bytes()
    assert original.count(b"%%EOF") >= 2  # the title is in the uncompressed XMP, before the real end
    pdf.write_bytes(_signer(original, base["certificats"]["Prefete du Jura"][0], "Signature1"))
    fini = _verify(pdf, base, sources)
    assert fini.returncode == 0, fini.stdout + fini.stderr
    assert "Document : Contrat %%EOF de ville 2024-2030" in fini.stdout
    assert "identique octet pour octet à la reconstruction de ses propres sources" in fini.stdout
    # Outside Git: the version cannot be checked, and verify says so.
    assert f"(non vérifiée : {sources} n'est pas dans un dépôt Git)" in fini.stdout
    _verdicts("titre contenant %%EOF", pdf, base, fini)


@pytest.mark.pdf
@pytest.mark.parametrize("signe", [True, False], ids=["signe", "non-signe"])
def test_des_octets_apres_la_fin_du_pdf(base: dict, tmp_path: Path, signe: bool) -> None:
    """Attack 12: bytes after the last « %%EOF »: a verdict, not an internal error."""
    pdf = tmp_path / "queue.pdf"
    pdf.write_bytes((base["signe"] if signe else base["original"]) + b"MONTANT : 1 000 000 EUR\n")
    fini = _verify(pdf, base)
    assert fini.returncode == 1, fini.stdout + fini.stderr
    assert ("✗ 24 octets suivent la fin du PDF (après le « %%EOF » de sa dernière mise à jour) : ils "
            "n'appartiennent à aucune version du document") in fini.stderr
    if signe:
        avis = _verdicts("octets après la fin", pdf, base, fini)
        # poppler: « Not total document signed »; pyHanko accepts the tail (nothing it can parse).
        assert not avis["pdfsig"] and avis["pyhanko"]


@pytest.mark.pdf
def test_un_contenu_de_page_reecrit_sur_place_et_declare_comme_donnees_de_validation(base: dict,
                                                                                     tmp_path: Path) -> None:
    """Page 1's content stream rewritten in place (the page itself untouched) and listed in a DSS
    appended after the signatures: an object keeps the role it had, validation data cannot claim it."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    ecrivain = IncrementalPdfFileWriter(io.BytesIO(base["signe"]), strict=False)
    page = ecrivain.root["/Pages"]
    while "/Kids" in page:
        page = page["/Kids"][0]
    contenu = page.raw_get("/Contents")
    ecrivain.objects[(contenu.generation, contenu.idnum)] = generic.StreamObject(
        stream_data=b"BT /F1 30 Tf 72 700 Td (MONTANT : 1 000 000 EUR) Tj ET")
    ecrivain.root[generic.NameObject("/DSS")] = generic.DictionaryObject(
        {generic.NameObject("/Certs"): generic.ArrayObject([contenu])})
    ecrivain.update_root()
    sortie = io.BytesIO()
    ecrivain.write(sortie)
    pdf = tmp_path / "dss-piege.pdf"
    pdf.write_bytes(sortie.getvalue())
    assert "MONTANT" in textes_pdf(pdf, slice(0, 1))[0]
    fini = _verify(pdf, base)
    assert fini.returncode == 1, fini.stdout
    assert (f"✗ le document a été modifié après la signature « Signature2 » (mise à jour n° 3) : objet n° "
            f"{contenu.idnum} remplacé") in fini.stderr
    _verdicts("contenu réécrit sous couvert de DSS", pdf, base, fini)


@pytest.mark.pdf
def test_une_table_des_references_croisees_illisible(base: dict, tmp_path: Path) -> None:
    """A « startxref » that points nowhere (pikepdf repairs it, pyHanko cannot): a verdict for
    verify, a usage error for sign, never an internal error."""
    pdf = tmp_path / "xref.pdf"
    fin = base["signe"].rindex(b"startxref")
    pdf.write_bytes(base["signe"][:fin] + b"startxref\n12345\n%%EOF\n")
    fini = _verify(pdf, base)
    assert fini.returncode == 1, fini.stdout + fini.stderr
    assert "✗ structure du PDF illisible : sa table des références croisées ne se lit pas" in fini.stderr
    fini = lancer("sign", str(pdf), "--cert", str(base["certificats"]["Faussaire"][0]), "--mot-de-passe", "secret")
    assert fini.returncode == 2 and f"{pdf} : structure du PDF illisible" in fini.stderr


def _annotation_dans_un_tableau_indirect(pdf: bytes, sous_type: str) -> bytes:
    """An update that adds an annotation to page 1 through an annotation array kept as an object of
    its own (as some signing tools write it): an empty invisible signature field, or a comment."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    ecrivain = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    page_ref = ecrivain.root["/Pages"]["/Kids"].raw_get(0)
    while "/Kids" in page_ref.get_object():
        page_ref = page_ref.get_object()["/Kids"].raw_get(0)
    page = page_ref.get_object()
    n = generic.NameObject
    annotation = generic.DictionaryObject({n("/Type"): n("/Annot"), n("/Subtype"): n(sous_type), n("/P"): page_ref,
                                           n("/Rect"): generic.ArrayObject([generic.NumberObject(0)] * 4)})
    if sous_type == "/Widget":
        annotation.update({n("/FT"): n("/Sig"), n("/T"): generic.TextStringObject("Réserve")})
    else:
        annotation.update({n("/Rect"): generic.ArrayObject([generic.NumberObject(x) for x in (72, 600, 500, 760)]),
                           n("/Contents"): generic.TextStringObject("MONTANT : 1 000 000 EUR")})
    ref = ecrivain.add_object(annotation)
    anciennes = page.get("/Annots", generic.ArrayObject())
    page[n("/Annots")] = ecrivain.add_object(generic.ArrayObject([*(anciennes.raw_get(i) for i in range(len(anciennes))),
                                                                  ref]))
    ecrivain.mark_update(page_ref)
    if sous_type == "/Widget":
        champs = ecrivain.root["/AcroForm"]["/Fields"]
        champs.append(ref)
        ecrivain.update_container(champs)
    sortie = io.BytesIO()
    ecrivain.write(sortie)
    return sortie.getvalue()


@pytest.mark.pdf
@pytest.mark.parametrize("sous_type", ["/Widget", "/Text"])
def test_une_annotation_par_un_tableau_d_annotations_indirect(base: dict, tmp_path: Path, sous_type: str) -> None:
    """What signing adds is accepted however it is written (an annotation array of its own); a
    comment added the same way is a change."""
    pdf = tmp_path / "annotations.pdf"
    pdf.write_bytes(_annotation_dans_un_tableau_indirect(base["signe"], sous_type))
    fini = _verify(pdf, base)
    if sous_type == "/Widget":
        assert fini.returncode == 0, fini.stdout + fini.stderr
        assert "Historique : 3 mise(s) à jour après la production" in fini.stdout
        # pyHanko admits an empty signature field; pdfsig only says the last signature no longer
        # covers the whole file (the field itself is « not signed »).
        assert _pyhanko_accepte(pdf.read_bytes(), base["confiance"]) and _pdfsig(pdf) == (True, False)
    else:
        assert fini.returncode == 1, fini.stdout
        assert ("✗ le document a été modifié après la signature « Signature2 » (mise à jour n° 3) : annotation /Text "
                "ajoutée à la page 1") in fini.stderr
        _verdicts("commentaire ajouté par un tableau indirect", pdf, base, fini)


def test_confiance_qui_n_est_pas_un_certificat(base: dict, tmp_path: Path) -> None:
    faux = tmp_path / "autorite.pem"
    faux.write_text("-----BEGIN CERTIFICATE-----\npas un certificat\n-----END CERTIFICATE-----\n", encoding="utf-8")
    pdf = tmp_path / "signe.pdf"
    pdf.write_bytes(base["signe"])
    fini = lancer("verify", str(pdf), "--sources", str(MINIMAL), "--confiance", str(faux))
    assert fini.returncode == 2, fini.stdout + fini.stderr
    assert f"{faux} : certificat de confiance illisible (certificat X.509 PEM ou DER attendu)" in fini.stderr


def test_sign_refuse_clairement_ce_qu_il_ne_peut_pas_faire(base: dict, tmp_path: Path) -> None:
    """Attack 12: a certified PDF (DocMDP, no changes), a missing output folder, an unreadable certificate."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    certifie = tmp_path / "certifie.pdf"
    sortie = io.BytesIO()
    signataire = signers.SimpleSigner.load_pkcs12(str(base["certificats"]["Prefete du Jura"][0]), passphrase=b"secret")
    signers.PdfSigner(signers.PdfSignatureMetadata(field_name="Auteur", certify=True,
                                                   docmdp_permissions=fields.MDPPerm.NO_CHANGES),
                      signataire).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(base["original"]), strict=False),
                                           output=sortie)
    certifie.write_bytes(sortie.getvalue())
    p12 = str(base["certificats"]["President CCVF"][0])
    fini = lancer("sign", str(certifie), "--cert", p12, "--mot-de-passe", "secret")
    assert fini.returncode == 2, fini.stdout + fini.stderr
    assert (f"{certifie} : document certifié par son auteur sans aucune modification permise (DocMDP) : aucune "
            "signature ne peut y être ajoutée sans l'invalider") in fini.stderr
    assert certifie.read_bytes() == sortie.getvalue()
    manquant = tmp_path / "absent" / "signe.pdf"
    fini = lancer("sign", str(certifie), "--cert", p12, "--mot-de-passe", "secret", "--sortie", str(manquant))
    assert fini.returncode == 2 and f"{manquant} : le dossier {manquant.parent} n'existe pas (--sortie)" in fini.stderr
    fini = lancer("sign", str(certifie), "--cert", str(certifie), "--mot-de-passe", "secret")
    assert fini.returncode == 2 and f"{certifie} : certificat illisible ou mot de passe incorrect" in fini.stderr
    assert "Traceback" not in fini.stderr


def _git(depot: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(depot), *args], check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def depot(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A repository whose sources are tagged « contrat-signe », built at that tag."""
    racine = depot_git(tmp_path_factory.mktemp("depot"), MINIMAL)
    etiqueter(racine)
    fini = lancer("--sources", str(racine / "sources"), "--dist", str(racine / "dist"), cwd=racine)
    assert fini.returncode == 0, fini.stderr
    return {"racine": racine, "commit": _git(racine, "rev-parse", "--short=12", "HEAD"),
            "pdf": (racine / "dist" / "contrat-de-ville.pdf").read_bytes()}


@pytest.mark.pdf
def test_un_pdf_forge_qui_se_reclame_de_la_version_signee(depot: dict, tmp_path: Path) -> None:
    """Attack 4: built from altered sources with the tag's version and commit in its metadata, it is
    the faithful rebuild of its own sources; its sources are not the tag's."""
    from contrat.application.construction import NOM_SORTIE, OptionsConstruction, construire, gabarit_par_defaut
    from contrat.confiance.archive import lire_metadonnees

    racine = depot["racine"]
    legitime = tmp_path / "legitime.pdf"
    legitime.write_bytes(depot["pdf"])
    assert lire_metadonnees(legitime)["Version"] == "contrat-signe"
    fini = lancer("verify", str(legitime), "--sources", str(racine / "sources"), cwd=racine)
    assert fini.returncode == 0, fini.stdout + fini.stderr
    assert (f"Version : contrat-signe — commit des sources : {depot['commit']} (vérifiée : ses sources jointes sont, "
            f"fichier par fichier, celles du commit {depot['commit']}, étiquette « contrat-signe »)") in fini.stdout

    alterees = tmp_path / "sources"
    shutil.copytree(MINIMAL, alterees)
    preambule = alterees / "textes" / "preambule.md"
    preambule.write_text(preambule.read_text(encoding="utf-8") + "\nLe montant est porté à un million d'euros.\n",
                         encoding="utf-8")
    date = dt.datetime.fromtimestamp(int(_git(racine, "log", "-1", "--format=%ct")), dt.timezone.utc)
    options = OptionsConstruction(gabarit=gabarit_par_defaut(racine / "sources"), depot=racine / "sources",
                                  nom=NOM_SORTIE, version="contrat-signe", commit=depot["commit"], date=date)
    forge = tmp_path / "forge.pdf"
    forge.write_bytes(construire(alterees, options).fichiers[f"{NOM_SORTIE}.pdf"])
    fini = lancer("verify", str(forge), "--sources", str(racine / "sources"), cwd=racine)
    assert fini.returncode == 1, fini.stdout
    assert "identique octet pour octet à la reconstruction de ses propres sources" in fini.stdout  # self-consistent
    assert "(NON CONFORME : ses sources jointes ne sont pas celles du commit" in fini.stdout
    assert (f"✗ les sources jointes au PDF ne sont pas celles du commit {depot['commit']}, étiquette « contrat-signe » "
            "dont il se réclame (dossier « sources ») : textes/preambule.md") in fini.stderr
    assert "(vérifiée" not in fini.stdout


@pytest.mark.pdf
def test_une_etiquette_deplacee_fait_echouer_verify(depot: dict, tmp_path: Path) -> None:
    """Attack 11: as the README says, verify fails (code 1) when the tag no longer designates the
    PDF's commit: the repository no longer vouches for the version the PDF claims."""
    clone = cloner(depot["racine"], tmp_path / "clone")
    _git(clone, "commit", "-q", "--allow-empty", "-m", "ailleurs")
    _git(clone, "tag", "-f", "-a", "contrat-signe", "-m", "déplacée")
    pdf = tmp_path / "contrat.pdf"
    pdf.write_bytes(depot["pdf"])
    fini = lancer("verify", str(pdf), "--sources", str(clone / "sources"), cwd=clone)
    assert fini.returncode == 1, fini.stdout
    assert "✗ l'étiquette « contrat-signe » du dépôt désigne maintenant le commit" in fini.stderr
    assert f"pas celui du PDF ({depot['commit']}) : le dépôt ne désigne plus la version dont le PDF se réclame" \
        in fini.stderr
    # Tag absent: the commit's sources are still compared, and the line says what was not checked.
    _git(clone, "tag", "-d", "contrat-signe")
    fini = lancer("verify", str(pdf), "--sources", str(clone / "sources"), cwd=clone)
    assert fini.returncode == 0, fini.stdout + fini.stderr
    assert (f"celles du commit {depot['commit']} ; étiquette « contrat-signe » absente de ce dépôt (non vérifiée))"
            in fini.stdout)


@pytest.mark.pdf
def test_un_pdf_echange_a_cote_de_son_manifeste(base: dict, depot: dict, tmp_path: Path) -> None:
    """Attack 11: another genuine PDF put in place of the one the manifest beside it records."""
    dist = tmp_path / "dist"
    shutil.copytree(base["dossier"] / "dist", dist, symlinks=False)
    pdf = dist / "contrat-de-ville.pdf"
    pdf.unlink()
    pdf.write_bytes(depot["pdf"])
    fini = lancer("verify", str(pdf), "--sources", str(MINIMAL))
    assert fini.returncode == 1, fini.stdout
    assert (f"✗ {dist / 'manifest.json'} enregistre pour « contrat-de-ville.pdf » une autre empreinte") in fini.stderr
    assert "ce fichier n'est pas celui que cette construction a produit (fichier remplacé)" in fini.stderr
    assert f"(non vérifiée : le commit {depot['commit']} est absent de ce dépôt)" in fini.stdout


# Second review: four ways that still gave « ✓ Aucune altération détectée ».

def _page_1(pdf: Any) -> Any:
    """Page 1 of a pyHanko reader or writer."""
    page = pdf.root["/Pages"]
    while "/Kids" in page:
        page = page["/Kids"][0]
    return page


def _ecrire(ecrivain: Any) -> bytes:
    sortie = io.BytesIO()
    ecrivain.write(sortie)
    return sortie.getvalue()


def _catalogue_substitue(pdf: bytes) -> bytes:
    """Update 1 lists in a DSS a copy X of the catalog whose page tree starts with an extra red
    page (only new objects, all « validation data »); update 2 only points the trailer's /Root at X."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    n = generic.NameObject
    ecrivain = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    racine, pages = ecrivain.root, ecrivain.root["/Pages"]
    page = generic.DictionaryObject({
        n("/Type"): n("/Page"), n("/MediaBox"): generic.ArrayObject([generic.NumberObject(x) for x in (0, 0, 595, 842)]),
        n("/Contents"): ecrivain.add_object(generic.StreamObject(stream_data=b"1 0 0 rg 0 0 595 842 re f"))})
    page_ref = ecrivain.add_object(page)
    enfants = [page_ref, *(pages["/Kids"].raw_get(i) for i in range(len(pages["/Kids"])))]
    page[n("/Parent")] = arbre = ecrivain.add_object(generic.DictionaryObject({
        n("/Type"): n("/Pages"), n("/Kids"): generic.ArrayObject(enfants),
        n("/Count"): generic.NumberObject(int(pages["/Count"]) + 1)}))
    copie = generic.DictionaryObject({cle: racine.raw_get(cle) for cle in racine})
    copie[n("/Pages")] = arbre
    x = ecrivain.add_object(copie)
    racine[n("/DSS")] = ecrivain.add_object(generic.DictionaryObject({n("/Certs"): generic.ArrayObject([x])}))
    ecrivain.update_root()
    ecrivain = IncrementalPdfFileWriter(io.BytesIO(_ecrire(ecrivain)), strict=False)
    ecrivain._update_meta = lambda: None  # nothing but the trailer changes (and Info, rewritten as it was)
    ecrivain._root = x  # pyHanko has no public way to name another catalog: the attacker's tool does
    ecrivain.mark_update(ecrivain.trailer.raw_get("/Info"))
    return _ecrire(ecrivain)


def _contenu_revendique_puis_reecrit(pdf: bytes) -> bytes:
    """Update 1 lists page 1's content stream in a new DSS (no existing object rewritten); update 2
    rewrites that stream, now « validation data » before and after."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    ecrivain = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    contenu = _page_1(ecrivain).raw_get("/Contents")
    ecrivain.root[generic.NameObject("/DSS")] = ecrivain.add_object(generic.DictionaryObject(
        {generic.NameObject("/Certs"): generic.ArrayObject([contenu])}))
    ecrivain.update_root()
    ecrivain = IncrementalPdfFileWriter(io.BytesIO(_ecrire(ecrivain)), strict=False)
    ecrivain.objects[(contenu.generation, contenu.idnum)] = generic.StreamObject(
        stream_data=b"1 0 0 rg 0 0 595 842 re f 0 g BT /F1 30 Tf 72 700 Td (MONTANT : 1 000 000 EUR) Tj ET")
    ecrivain.update_root()
    return _ecrire(ecrivain)


def _champ_qui_agit(pdf: bytes, ou: str) -> bytes:
    """An invisible signature field « Piege » on page 1 carrying a script run when the page opens
    (``ou``: in the field itself, or nested in an entry a signature field may have)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    n = generic.NameObject
    ecrivain = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    fields.append_signature_field(ecrivain, fields.SigFieldSpec("Piege", on_page=0))
    champ = next(r.get_object() for r in ecrivain.root["/AcroForm"]["/Fields"] if r.get_object().get("/T") == "Piege")
    declencheurs = generic.DictionaryObject({n("/PO"): generic.DictionaryObject({
        n("/S"): n("/JavaScript"), n("/JS"): generic.TextStringObject("app.alert('Ce contrat est annulé');")})})
    if ou == "champ":
        champ[n("/AA")] = declencheurs
    else:
        champ[n("/Lock")] = generic.DictionaryObject({n("/Type"): n("/SigFieldLock"), n("/Action"): n("/All"),
                                                      n("/AA"): declencheurs})
    return _ecrire(ecrivain)


@pytest.mark.pdf
def test_un_catalogue_substitue_par_le_trailer(base: dict, tmp_path: Path) -> None:
    """Review 2, finding 1: a new catalog (an extra red first page) reached through a DSS, then
    named by the trailer alone; unsigned, then signed afterwards by a trusted signatory."""
    import pikepdf

    attaque = _catalogue_substitue(base["original"])
    brut = tmp_path / "catalogue.pdf"
    brut.write_bytes(attaque)
    with pikepdf.open(brut) as doc, pikepdf.open(io.BytesIO(base["original"])) as avant:
        assert len(doc.pages) == len(avant.pages) + 1  # what a reader now shows
    fini = lancer("verify", str(brut), "--sources", str(MINIMAL))
    assert fini.returncode == 1, fini.stdout
    assert "✗ le document a été modifié après sa production (mise à jour n° 1) : données de validation (DSS) qui " \
           "englobent" in fini.stderr
    assert ("✗ le document a été modifié après sa production (mise à jour n° 2) : catalogue du document remplacé "
            "(/Root désigne l'objet n° ") in fini.stderr
    pdf = tmp_path / "catalogue-signe.pdf"
    pdf.write_bytes(_signer(attaque, base["certificats"]["Prefete du Jura"][0], "Signature1"))
    fini = _verify(pdf, base)
    assert fini.returncode == 1, fini.stdout
    assert "✗ le document a été modifié avant la première signature (mise à jour n° 2) : catalogue du document " \
           "remplacé" in fini.stderr
    avis = _verdicts("catalogue substitué puis signé", pdf, base, fini)
    # The signature covers the whole file, and pyHanko compares nothing before the signed revision.
    assert avis["pdfsig"] and avis["pyhanko"]


@pytest.mark.pdf
def test_un_contenu_de_page_revendique_par_un_dss_puis_reecrit(base: dict, tmp_path: Path) -> None:
    """Review 2, finding 2: « keeps the role it had » bypassed over two updates (page 1's content
    listed by a DSS, then rewritten as validation data); then signed by a trusted signatory."""
    pdf = tmp_path / "role.pdf"
    attaque = _contenu_revendique_puis_reecrit(base["original"])
    pdf.write_bytes(_signer(attaque, base["certificats"]["Prefete du Jura"][0], "Signature1"))
    assert "MONTANT" in textes_pdf(pdf, slice(0, 1))[0]
    from pyhanko.pdf_utils.reader import PdfFileReader

    contenu = _page_1(PdfFileReader(io.BytesIO(base["original"]), strict=False)).raw_get("/Contents").idnum
    fini = _verify(pdf, base)
    assert fini.returncode == 1, fini.stdout
    assert ("✗ le document a été modifié avant la première signature (mise à jour n° 1) : données de validation (DSS) "
            f"qui englobent 1 objet(s) qui n'en sont pas (objets du document produit ou d'un autre rôle : n° {contenu})"
            ) in fini.stderr
    assert (f"✗ le document a été modifié avant la première signature (mise à jour n° 2) : objet n° {contenu} "
            "remplacé") in fini.stderr
    avis = _verdicts("contenu revendiqué par un DSS puis réécrit, puis signé", pdf, base, fini)
    assert avis["pdfsig"] and avis["pyhanko"]


@pytest.mark.pdf
@pytest.mark.parametrize("ou", ["champ", "imbrique"])
def test_un_champ_de_signature_invisible_qui_porte_un_script(base: dict, tmp_path: Path, ou: str) -> None:
    """Review 2, finding 3: an invisible signature field that runs JavaScript when page 1 opens,
    added before a trusted signature (on the field, or nested deeper in what the update adds)."""
    pdf = tmp_path / "script.pdf"
    pdf.write_bytes(_champ_qui_agit(base["original"], ou))
    fini = lancer("sign", str(pdf), "--cert", str(base["certificats"]["Prefete du Jura"][0]), "--mot-de-passe", "secret")
    assert fini.returncode == 0, fini.stderr
    fini = _verify(pdf, base)
    assert fini.returncode == 1, fini.stdout
    motif = ("champ de signature « Piege » : entrées non admises (/AA)" if ou == "champ" else
             "action ou script ajouté (/AA) dans l'objet n° ")
    assert f"✗ le document a été modifié avant la première signature (mise à jour n° 1) : {motif}" in fini.stderr
    avis = _verdicts(f"champ invisible qui porte un script ({ou})", pdf, base, fini)
    # pdfsig: the field « Piege » is not signed, the signature covers everything; pyHanko judges
    # only what follows the signed revision.
    assert avis["pdfsig"] and avis["pyhanko"]


@pytest.mark.pdf
def test_confiance_sans_aucune_signature_est_un_echec(base: dict, tmp_path: Path) -> None:
    """Review 2, finding 4: trusted certificates given, an unsigned document (the faithful rebuild
    of its sources) is not « unaltered »: it is not signed by any of them."""
    pdf = tmp_path / "non-signe.pdf"
    pdf.write_bytes(base["original"])
    fini = _verify(pdf, base)
    assert fini.returncode == 1, fini.stdout
    assert "identique octet pour octet à la reconstruction de ses propres sources" in fini.stdout
    assert "✗ aucune signature : --confiance exige une signature par un certificat de confiance" in fini.stderr
    avis = _verdicts("aucune signature avec --confiance", pdf, base, fini)
    assert not avis["pdfsig"] and not avis["pyhanko"]
    fini = lancer("verify", str(pdf), "--sources", str(MINIMAL))  # without --confiance, nothing is expected
    assert fini.returncode == 0, fini.stdout + fini.stderr


def _champ_a_la_maniere_d_adobe(pdf: bytes) -> bytes:
    """An empty signature field, locked (/Lock) with seed values (/SV) as pyHanko writes them, in
    a form whose default appearance and resources name a font of their own (as Adobe-style tools do)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    n = generic.NameObject
    ecrivain = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    fields.append_signature_field(ecrivain, fields.SigFieldSpec(
        "Signature1", on_page=-1, field_mdp_spec=fields.FieldMDPSpec(fields.FieldMDPAction.ALL),
        seed_value_dict=fields.SigSeedValueSpec(reasons=["Approuvé"])))
    police = ecrivain.add_object(generic.DictionaryObject({n("/Type"): n("/Font"), n("/Subtype"): n("/Type1"),
                                                           n("/BaseFont"): n("/Helvetica")}))
    formulaire = ecrivain.root["/AcroForm"]
    formulaire[n("/DA")] = generic.TextStringObject("/Helv 0 Tf 0 g ")
    formulaire[n("/DR")] = generic.DictionaryObject({n("/Font"): generic.DictionaryObject({n("/Helv"): police})})
    ecrivain.update_root()
    return _ecrire(ecrivain)


@pytest.mark.pdf
def test_un_champ_de_signature_verrouille_avec_valeurs_imposees_est_admis(base: dict, tmp_path: Path) -> None:
    """What signing tools legitimately write in a signature field and its form is no change: a lock
    (the fields it freezes), seed values, the form's default font, as objects of their own."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    signataire = signers.SimpleSigner.load_pkcs12(str(base["certificats"]["Prefete du Jura"][0]), passphrase=b"secret")
    sortie = io.BytesIO()
    signers.PdfSigner(signers.PdfSignatureMetadata(field_name="Signature1"), signataire).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(_champ_a_la_maniere_d_adobe(base["original"])), strict=False), output=sortie)
    pdf = tmp_path / "verrou.pdf"
    pdf.write_bytes(sortie.getvalue())
    fini = _verify(pdf, base)
    assert fini.returncode == 0, fini.stdout + fini.stderr
    assert _verdicts("champ verrouillé avec valeurs imposées", pdf, base, fini) == {
        "pdfsig": True, "pyhanko": True, "verify": True}


@pytest.mark.pdf
def test_des_blancs_apres_la_fin_du_pdf_sont_admis(base: dict, tmp_path: Path) -> None:
    """Padding of PDF white-space after the last « %%EOF » (line ends, NUL, form feed), as some tools
    and transfers add it, forms no object and shows nothing: no failure (the README says so)."""
    pdf = tmp_path / "blancs.pdf"
    pdf.write_bytes(base["signe"] + b"\r\n\0\0\t \x0c\n")
    fini = _verify(pdf, base)
    assert fini.returncode == 0, fini.stdout + fini.stderr
    assert "octets suivent la fin du PDF" not in fini.stderr


@pytest.mark.pdf
def test_un_champ_cache_a_l_ecran_mais_imprime_est_visible(base: dict, tmp_path: Path) -> None:
    """A field flagged NoView but also Print is not on screen, and is on paper: it covers page 1."""
    pdf = tmp_path / "imprime.pdf"
    pdf.write_bytes(_signer(_champ_vide_qui_recouvre(base["original"], drapeaux=32 | 4),
                            base["certificats"]["Prefete du Jura"][0], "Signature1"))
    fini = _verify(pdf, base)
    assert fini.returncode == 1, fini.stdout
    assert ("✗ le document a été modifié avant la première signature (mise à jour n° 1) : champ de signature « Vide » "
            "visible sur la page 1") in fini.stderr
    avis = _verdicts("champ caché à l'écran mais imprimé", pdf, base, fini)
    assert avis["pdfsig"] and avis["pyhanko"]


# Parser differentials (second adversarial review): pyHanko reads some malformed structures
# otherwise than poppler, MuPDF or qpdf; verify must refuse them rather than judge a page that
# viewers do not show. The updates are written by hand, as an attacker's tool would.

FAUX = b"q 1 1 1 rg 0 0 600 850 re f Q BT /H 36 Tf 1 0 0 rg 40 700 Td (CONTRAT FALSIFIE) Tj ET"
POLICE = b"/Resources << /Font << /H << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"


def _etat(pdf: bytes) -> dict[str, Any]:
    """What an update appended to ``pdf`` must repeat or point at."""
    import re

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0].obj
        return {"startxref": int(re.findall(rb"startxref\s+(\d+)", pdf)[-1]), "taille": int(doc.trailer.Size),
                "racine": doc.Root.objgen[0], "info": doc.trailer.Info.objgen[0], "id": doc.trailer.ID.unparse().decode(),
                "page": page.objgen[0], "parent": page.Parent.objgen[0], "page_ecrite": page.unparse(resolved=True),
                "catalogue_ecrit": doc.Root.unparse(resolved=True), "boite": page.MediaBox.unparse().decode()}


def _flux(dico: str, donnees: bytes) -> bytes:
    return f"<< {dico} /Length {len(donnees)} >>\nstream\n".encode() + donnees + b"\nendstream"


def _flux_d_objets(objets: list[tuple[int, bytes]]) -> bytes:
    """An object stream (uncompressed) holding ``objets`` (number, body), in this order."""
    corps, positions = b"", []
    for numero, texte in objets:
        positions.append(f"{numero} {len(corps)}")
        corps += texte + b"\n"
    entete = " ".join(positions).encode() + b"\n"
    return _flux(f"/Type /ObjStm /N {len(objets)} /First {len(entete)}", entete + corps)


def _page_forgee(e: dict[str, Any], contenu: int) -> bytes:
    return (f"<< /Type /Page /Parent {e['parent']} 0 R /MediaBox {e['boite']} /Contents {contenu} 0 R ".encode()
            + POLICE + b" >>")


def _maj_par_flux(pdf: bytes, objets: list[tuple[int, bytes]], autres: tuple[tuple[int, int, int, int], ...] = (),
                  orphelins: bytes = b"", taille: int | None = None) -> bytes:
    """An incremental update with a cross-reference stream: ``objets`` (number, body) written
    and listed, ``autres`` entries (number, type, field 2, field 3) listed as given, ``orphelins``
    bytes written before them and listed nowhere."""
    import struct

    e = _etat(pdf)
    sortie = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n") + orphelins
    entrees = {}
    for numero, corps in objets:
        entrees[numero] = (1, len(sortie), 0)
        sortie += f"{numero} 0 obj\n".encode() + corps + b"\nendobj\n"
    for numero, sorte, f2, f3 in autres:
        entrees[numero] = (sorte, f2, f3)
    taille = taille or max(e["taille"], max(entrees) + 2)
    flux = taille - 1
    position = len(sortie)
    entrees[flux] = (1, position, 0)
    index = " ".join(f"{n} 1" for n in sorted(entrees))
    lignes = b"".join(struct.pack(">BIH", *entrees[n]) for n in sorted(entrees))
    dico = (f"/Type /XRef /W [1 4 2] /Index [{index}] /Size {taille} /Root {e['racine']} 0 R /Info {e['info']} 0 R "
            f"/ID {e['id']} /Prev {e['startxref']}")
    sortie += f"{flux} 0 obj\n".encode() + _flux(dico, lignes) + f"\nendobj\nstartxref\n{position}\n%%EOF\n".encode()
    return bytes(sortie)


def _maj_par_table(pdf: bytes, objets: list[tuple[int, bytes]]) -> bytes:
    """An incremental update with a classic table: each object in a subsection of its own (the
    same number may come twice)."""
    e = _etat(pdf)
    sortie = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    lignes = b""
    for numero, corps in objets:
        lignes += f"{numero} 1\n{len(sortie):010d} 00000 n\r\n".encode()
        sortie += f"{numero} 0 obj\n".encode() + corps + b"\nendobj\n"
    position = len(sortie)
    taille = max(e["taille"], max(n for n, _ in objets) + 1)
    sortie += (b"xref\n" + lignes + f"trailer\n<< /Size {taille} /Root {e['racine']} 0 R /Info {e['info']} 0 R "
               f"/ID {e['id']} /Prev {e['startxref']} >>\nstartxref\n{position}\n%%EOF\n".encode())
    return bytes(sortie)


def _index_double(pdf: bytes) -> bytes:
    """Page 1 in an object stream whose header lists its number twice: the genuine page first
    (pyHanko's lenient reader takes it), the forged one at the index the xref gives (poppler)."""
    e = _etat(pdf)
    contenu, flux = e["taille"], e["taille"] + 1
    return _maj_par_flux(pdf, [(contenu, _flux("/Type /XRef", FAUX)),
                               (flux, _flux_d_objets([(e["page"], e["page_ecrite"]),
                                                      (e["page"], _page_forgee(e, contenu))]))],
                         autres=((e["page"], 2, flux, 1),))


def _cles_doubles(pdf: bytes) -> bytes:
    """Page 1 rewritten with /Contents and /Resources twice: genuine first (pyHanko's lenient
    reader keeps them), forged last (qpdf and poppler keep these)."""
    e = _etat(pdf)
    contenu = e["taille"]
    page = e["page_ecrite"][:-2] + f" /Contents {contenu} 0 R ".encode() + POLICE + b" >>"
    return _maj_par_flux(pdf, [(contenu, _flux("/Type /XRef", FAUX)), (e["page"], page)])


def _reconstruction(pdf: bytes, type_inconnu: bool) -> bytes:
    """Orphan objects (listed in no cross-reference section): a copy of every object of the
    document with page 1's content forged, and a « trailer », that a reader rebuilding the table
    finds; ``type_inconnu``: the update's xref stream has an entry of type 3 (pyHanko skips it,
    poppler rejects the table and rebuilds it by scanning)."""
    import pikepdf

    e = _etat(pdf)
    orphelins = bytearray(b"\n")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        police = doc.pages[0].Resources.Font.objgen[0] if doc.pages[0].Resources.Font.is_indirect else None
        contenu = doc.pages[0].Contents.objgen[0]
        for o in doc.objects:
            numero = o.objgen[0]
            if numero == 0 or isinstance(o, pikepdf.Dictionary) and o.get("/Type") in ("/ObjStm", "/XRef"):
                continue
            if isinstance(o, pikepdf.Stream):
                if o.get("/Type") in ("/ObjStm", "/XRef"):
                    continue
                dico = pikepdf.Dictionary({k: v for k, v in o.stream_dict.items() if k != "/Length"})
                corps = _flux("", FAUX) if numero == contenu else _flux(
                    dico.unparse(resolved=True).decode("latin-1")[2:-2], o.read_raw_bytes())
            else:
                corps = o.unparse(resolved=True)
            if numero == police:
                corps = corps[:-2] + b" /H << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>"
            orphelins += f"{numero} 0 obj\n".encode() + corps + b"\nendobj\n"
    orphelins += f"trailer\n<< /Root {e['racine']} 0 R /Info {e['info']} 0 R /Size {e['taille'] + 3} >>\n".encode()
    autres = ((e["taille"] + 1, 3, 0, 0),) if type_inconnu else ()
    return _maj_par_flux(pdf, [], autres=autres, orphelins=bytes(orphelins), taille=e["taille"] + 3)


def _ligne_double(pdf: bytes) -> bytes:
    """A classic table listing page 1 twice: forged first (poppler keeps the first row), genuine
    last (pyHanko keeps the last); survives pyHanko's strict mode."""
    e = _etat(pdf)
    contenu = e["taille"]
    return _maj_par_table(pdf, [(e["page"], _page_forgee(e, contenu)), (e["page"], e["page_ecrite"]),
                                (contenu, _flux("/Type /XRef", FAUX))])


def _signer_par_sign(pdf: bytes, base: dict, dossier: Path) -> bytes:
    """Signed by ``sign`` (its field on the last page: page 1 is not rewritten by the signature)."""
    (dossier / "a-signer.pdf").write_bytes(pdf)
    fini = lancer("sign", str(dossier / "a-signer.pdf"), "--cert", str(base["certificats"]["Prefete du Jura"][0]),
                  "--mot-de-passe", "secret", "--sortie", str(dossier / "signe.pdf"))
    assert fini.returncode == 0, fini.stderr
    return (dossier / "signe.pdf").read_bytes()


def _poppler(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                          timeout=60).stdout


@pytest.mark.pdf
@pytest.mark.parametrize("cas", ["index double avant signature", "index double après signature",
                                 "clés doubles après signature", "ligne de table double après signature",
                                 "type d'entrée inconnu après signature", "objets orphelins après signature"])
def test_une_structure_que_les_lecteurs_lisent_autrement(base: dict, tmp_path: Path, cas: str) -> None:
    """pyHanko (lenient) reads the genuine page 1, poppler a forged one (« CONTRAT FALSIFIE »):
    before this check verify said ✓; now any update whose structure readers may read differently
    (duplicates in an object stream, a dictionary or a table section, an unknown xref entry type,
    bytes no section lists) fails as ambiguous."""
    signe = _signer(base["original"], base["certificats"]["Prefete du Jura"][0], "Signature1")
    forge = {"index double avant signature": lambda: _signer_par_sign(_index_double(base["original"]), base, tmp_path),
             "index double après signature": lambda: _index_double(signe),
             "clés doubles après signature": lambda: _cles_doubles(signe),
             "ligne de table double après signature": lambda: _ligne_double(signe),
             "type d'entrée inconnu après signature": lambda: _reconstruction(signe, True),
             "objets orphelins après signature": lambda: _reconstruction(signe, False)}[cas]
    pdf = tmp_path / "ambigu.pdf"
    pdf.write_bytes(forge())
    fini = _verify(pdf, base)
    assert fini.returncode == 1, fini.stdout
    assert "structure ambiguë (des lecteurs PDF la liraient autrement que cette vérification) : " in fini.stderr
    page = _etat(base["original"])["page"]
    cause = {"index double": "dont l'en-tête nomme un objet deux fois", "clés doubles": "(clé en double dans un "
             "dictionnaire)", "ligne de table double": f"objet n° {page} listé deux fois dans la même section de "
             "références croisées", "type d'entrée inconnu": "entrée de type 3 inconnu dans le flux de références "
             "croisées", "objets orphelins": "octets hors de tout objet listé"}[cas.rsplit(" ", 2)[0]]
    assert cause in fini.stderr, fini.stderr
    assert "Aucune altération détectée" not in fini.stdout
    if cas != "objets orphelins après signature":  # there poppler follows the table and shows the genuine page
        assert "CONTRAT FALSIFIE" in _poppler(pdf)
    avis = _verdicts(cas, pdf, base, fini)
    # pyHanko's lenient validator accepts every case (it reads the genuine page); pdfsig accepts
    # the one signed after the forgery, and only says « not total » of an update after signing.
    assert avis["pyhanko"] and avis["pdfsig"] is (cas == "index double avant signature")


@pytest.mark.pdf
def test_une_annotation_texte_qui_se_dit_champ_de_signature(base: dict, tmp_path: Path) -> None:
    """A /Text annotation (a note, drawn as an icon whatever its /Rect) with /FT /Sig is no signature field."""
    e = _etat(base["original"])
    note = e["taille"]
    maj = _maj_par_flux(base["original"], [
        (note, f"<< /Type /Annot /Subtype /Text /FT /Sig /T (Signature0) /F 4 /Rect [250 500 250 500] /C [1 0 0] "
               f"/P {e['page']} 0 R >>".encode()),
        (e["page"], e["page_ecrite"][:-2] + f" /Annots [{note} 0 R] >>".encode())])
    pdf = tmp_path / "note.pdf"
    pdf.write_bytes(_signer(maj, base["certificats"]["Prefete du Jura"][0], "Signature1"))
    fini = _verify(pdf, base)
    assert fini.returncode == 1, fini.stdout
    assert ("✗ le document a été modifié avant la première signature (mise à jour n° 1) : annotation /Text ajoutée "
            "à la page 1") in fini.stderr
    avis = _verdicts("note qui se dit champ de signature", pdf, base, fini)
    assert avis["pdfsig"] and avis["pyhanko"]  # both judge the signature, not what the update before it adds


@pytest.mark.pdf
def test_un_champ_de_signature_au_rectangle_mal_forme_est_visible(base: dict, tmp_path: Path) -> None:
    """A /Rect of 5 numbers: poppler drops the widget, MuPDF draws its first four: visible."""
    e = _etat(base["original"])
    champ, apparence, police = e["taille"], e["taille"] + 1, e["taille"] + 2
    maj = _maj_par_flux(base["original"], [
        (champ, f"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature0) /F 4 /Rect [40 600 560 800 0] "
                f"/P {e['page']} 0 R /AP << /N {apparence} 0 R >> >>".encode()),
        (apparence, _flux(f"/Type /XObject /Subtype /Form /BBox [0 0 520 200] /Resources << /Font << /H {police} 0 R "
                          ">> >>", b"1 1 1 rg 0 0 520 200 re f BT /H 28 Tf 10 120 Td (MONTANT: 10 000 000 EUR) Tj ET")),
        (police, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
        (e["page"], e["page_ecrite"][:-2] + f" /Annots [{champ} 0 R] >>".encode()),
        (e["racine"], e["catalogue_ecrit"][:-2] + f" /AcroForm << /Fields [{champ} 0 R] /SigFlags 3 >> >>".encode())],
        taille=e["taille"] + 6)
    pdf = tmp_path / "rect5.pdf"
    pdf.write_bytes(_signer(maj, base["certificats"]["Prefete du Jura"][0], "Signature1"))
    fini = _verify(pdf, base)
    assert fini.returncode == 1, fini.stdout
    assert ("✗ le document a été modifié avant la première signature (mise à jour n° 1) : champ de signature "
            "« Signature0 » visible sur la page 1") in fini.stderr
    avis = _verdicts("rectangle de 5 nombres", pdf, base, fini)
    assert avis["pdfsig"] and avis["pyhanko"]  # both judge the signature, not what the update before it adds


@pytest.mark.pdf
def test_des_permissions_et_une_version_que_la_signature_n_ecrit_pas(base: dict, tmp_path: Path) -> None:
    """/Version /2.0 (not PDF/A-3) and /Perms /UR3 pointing at a forged /Sig object no field holds."""
    e = _etat(base["original"])
    faux = e["taille"]
    maj = _maj_par_flux(base["original"], [
        (e["racine"], e["catalogue_ecrit"][:-2] + f" /Version /2.0 /Perms << /UR3 {faux} 0 R >> >>".encode()),
        (faux, f"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /Contents <00> "
               f"/ByteRange [0 0 0 0] /Foo {e['page']} 0 R >>".encode())])
    pdf = tmp_path / "perms.pdf"
    pdf.write_bytes(_signer(maj, base["certificats"]["Prefete du Jura"][0], "Signature1"))
    fini = _verify(pdf, base)
    assert fini.returncode == 1, fini.stdout
    assert ("✗ le document a été modifié avant la première signature (mise à jour n° 1) : version du PDF changée en "
            "/2.0 (catalogue /Version) ; permissions du document modifiées (catalogue /Perms : seule une "
            f"certification /DocMDP par une signature de ce fichier est admise) ; objet n° {faux} (/Sig) ajouté"
            ) in fini.stderr
    avis = _verdicts("permissions et version forgées", pdf, base, fini)
    assert avis["pdfsig"] and avis["pyhanko"]  # both judge the signature, not what the update before it adds


def _autorite_d_horodatage(dossier: Path) -> tuple[Any, Any]:
    """A self-signed time-stamping authority made for the test (certificate, key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    cle = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sujet = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Horodateur")])
    maintenant = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(sujet).issuer_name(sujet).public_key(cle.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(maintenant - dt.timedelta(days=1))
            .not_valid_after(maintenant + dt.timedelta(days=30))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .sign(cle, hashes.SHA256()))
    return cert, cle


def _horodater(pdf: bytes, dossier: Path, confiance: list[Path]) -> bytes:
    """A PAdES document timestamp (/DocTimeStamp) appended by pyHanko's own test time-stamper."""
    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
    from pyhanko_certvalidator import ValidationContext

    cert, cle = _autorite_d_horodatage(dossier)
    horodateur = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(cle.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                                           serialization.NoEncryption())), certs_to_embed=[])
    racine = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    contexte = ValidationContext(trust_roots=[load_cert_from_pemder(str(c)) for c in confiance] + [racine],
                                 allow_fetching=False)
    sortie = io.BytesIO()
    signers.PdfTimeStamper(horodateur).timestamp_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False), "sha256",
                                                     contexte, output=sortie)
    return sortie.getvalue()


@pytest.mark.pdf
def test_un_horodatage_de_document_est_admis(base: dict, tmp_path: Path) -> None:
    """A PAdES document timestamp after the signatures is a timestamp, not an invalid signature;
    its authority need not be among the signers' trusted certificates (it attests a time, not a consent)."""
    pdf = tmp_path / "horodate.pdf"
    pdf.write_bytes(_horodater(base["signe"], tmp_path, base["confiance"]))
    fini = _verify(pdf, base)
    assert fini.returncode == 0, fini.stdout + fini.stderr
    assert "ALTÉRÉE OU INVALIDE" not in fini.stdout
    assert ("Horodatage « Timestamp-" in fini.stdout and "Common Name: Horodateur" in fini.stdout
            and "— intègre et valide, suivi de modifications admises (autorité d'horodatage non reconnue comme de "
                "confiance)" in fini.stdout)  # pyHanko's time-stamper appends the authority's certificate (DSS)
    assert "Signature « Signature2 » : Common Name: President CCVF" in fini.stdout
    valides, total = _pdfsig(pdf)
    VERDICTS["horodatage de document"] = {"pdfsig": valides and total, "verify": True}
    print(f"\nhorodatage de document : {VERDICTS['horodatage de document']}")
    # pdfsig validates both signatures but not the timestamp (« Unable to validate this type of
    # signature »: poppler does not implement ETSI.RFC3161), so its verdict is no; verify validates
    # the timestamp token itself (pyHanko's validate_pdf_timestamp).
    sortie = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True, timeout=60)
    assert sortie.stdout.count("Signature Validation: Signature is Valid.") == 2
    assert "Signature has not yet been verified." in sortie.stdout and not valides
