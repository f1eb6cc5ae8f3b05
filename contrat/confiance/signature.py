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

from contrat.erreurs import ErreurUsage


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


def signer_pdf(pdf: bytes, p12: Path, mot_de_passe: str | None, nom_champ: str) -> bytes:
    """Add one PAdES signature in an incremental update (earlier signatures stay valid)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter

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
    sortie = io.BytesIO()
    signers.PdfSigner(meta, signataire, new_field_spec=SigFieldSpec(nom_champ, on_page=-1)).sign_pdf(ecrivain, output=sortie)
    return sortie.getvalue()


def signatures(pdf: bytes, confiance: list[Path] | None = None) -> list[EtatSignature]:
    """Every signature of the PDF with its integrity, validity and trust."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _silence()
    lecteur = PdfFileReader(io.BytesIO(pdf), strict=False)
    racines = [load_cert_from_pemder(str(c)) for c in confiance or []]  # type: ignore[no-untyped-call]
    with warnings.catch_warnings():
        # Without --confiance the system's trust list decides (pyHanko now warns that this default
        # will change; the verdict line says whether the certificate is trusted either way).
        warnings.simplefilter("ignore", DeprecationWarning)
        contexte = ValidationContext(trust_roots=racines or None, allow_fetching=False)
    etats = []
    for sig in lecteur.embedded_signatures:
        try:
            statut = validate_pdf_signature(sig, contexte)
        except Exception:  # a malformed signature dictionary: pyHanko raises many kinds
            etats.append(EtatSignature(champ=str(sig.field_name), signataire="inconnu", date="inconnue",
                                       intacte=False, valide=False, confiance=False, couvre_tout=False,
                                       modifications_admises=False))
            continue
        quand = statut.signer_reported_dt
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
            and niveau.name in ("NONE", "LTA_UPDATES")))
    return etats


def revision_originale(pdf: bytes) -> bytes:
    """The document before any incremental update (signatures are appended after it)."""
    fin = pdf.find(b"%%EOF")
    if fin < 0:
        return pdf
    fin += len(b"%%EOF")
    while fin < len(pdf) and pdf[fin:fin + 1] in (b"\r", b"\n"):
        fin += 1
    return pdf[:fin]
