"""Standalone script run by a Python that can import ``uno`` (Debian's /usr/bin/python3).

Usage: python3 libreoffice_uno.py IN.docx OUT.pdf PROFILE_DIR SOFFICE
Starts a private headless LibreOffice (or, when SOFFICE is ``pipe:NAME``, connects to the resident
one listening on that pipe and leaves it running), updates every index twice (the sommaire: a plain
``soffice --convert-to pdf`` leaves it empty), exports a tagged PDF/A-3b with bookmarks,
and prints the sommaire's text as JSON on stdout. Only the standard library and uno.
"""

import json
import os
import subprocess
import sys
import time


def _prop(nom, valeur):
    from com.sun.star.beans import PropertyValue

    p = PropertyValue()
    p.Name = nom
    p.Value = valeur
    return p


def _connecter(resolver, tube, processus):
    from com.sun.star.connection import NoConnectException

    for _ in range(1200):
        try:
            return resolver.resolve(f"uno:pipe,name={tube};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if processus is not None and processus.poll() is not None:
                raise RuntimeError("LibreOffice s'est arrêté au démarrage")
            time.sleep(0.05)
    raise RuntimeError("LibreOffice ne répond pas")


def convertir(source, cible, profil, soffice):
    import uno

    resident = soffice.startswith("pipe:")
    if resident:
        tube, processus = soffice[len("pipe:"):], None
    else:
        tube = f"contrat_{os.getpid()}_{int(time.time() * 1000) % 100000}"
        processus = subprocess.Popen(
            [soffice, f"-env:UserInstallation=file://{profil}", "--headless", "--invisible",
             "--norestore", "--nodefault", "--nologo", "--nolockcheck", f"--accept=pipe,name={tube};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = _connecter(resolver, tube, processus)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                           (_prop("Hidden", True),))
        # Twice: filling the sommaire can move headings to other pages.
        for _ in range(2):
            doc.refresh()
            index = doc.getDocumentIndexes()
            for i in range(index.getCount()):
                index.getByIndex(i).update()
        sommaires = [index.getByIndex(i).getAnchor().getString() for i in range(index.getCount())]
        filtre = uno.Any("[]com.sun.star.beans.PropertyValue", tuple([
            _prop("SelectPdfVersion", 3),  # PDF/A-3b: the sources can be attached to the PDF
            _prop("UseTaggedPDF", True),
            _prop("ExportBookmarks", True),
            _prop("ExportNotes", False),
            _prop("EmbedStandardFonts", True),
        ]))
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(cible)),
                       (_prop("FilterName", "writer_pdf_Export"), _prop("FilterData", filtre)))
        doc.close(True)
        if not resident:
            try:
                desktop.terminate()
            except Exception:  # the bridge drops when soffice exits: expected
                pass
        return {"sommaires": sommaires}
    finally:
        if processus is not None:
            try:
                processus.wait(timeout=20)
            except subprocess.TimeoutExpired:
                processus.kill()


if __name__ == "__main__":
    resultat = convertir(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4])
    sys.stdout.write(json.dumps(resultat, ensure_ascii=False))
