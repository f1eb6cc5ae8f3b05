"""Standalone script run by a Python that can import ``uno`` (Debian's /usr/bin/python3).

Usage: python3 libreoffice_uno.py IN.docx OUT.pdf pipe:NAME FILTER_JSON
Connects to the resident headless LibreOffice listening on pipe NAME (and leaves it running),
loads the DOCX and exports it as PDF with the export options FILTER_JSON ({name: [type, value]}).
No index is updated: the sommaire's page numbers are fields LibreOffice computes while it lays
the document out. Only the standard library and uno.
"""

import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

UnoObjet = Any
"""A UNO object (a proxy of LibreOffice's, untyped)."""


def _prop(nom: str, valeur: object) -> UnoObjet:
    from com.sun.star.beans import PropertyValue

    p = PropertyValue()
    p.Name = nom
    p.Value = valeur
    return p


def _connecter(resolver: UnoObjet, tube: str) -> UnoObjet:
    from com.sun.star.connection import NoConnectException

    for _ in range(1200):
        try:
            return resolver.resolve(f"uno:pipe,name={tube};urp;StarOffice.ComponentContext")
        except NoConnectException:
            time.sleep(0.05)
    raise RuntimeError("LibreOffice ne répond pas")


def _valeur(genre: str, valeur: str) -> object:
    lecteurs: dict[str, Callable[[str], object]] = {"long": int, "boolean": lambda v: v == "true"}
    return lecteurs.get(genre, str)(valeur)


def convertir(source: str, cible: str, tube: str, filtre: dict[str, list[str]]) -> None:
    import uno

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    ctx = _connecter(resolver, tube[len("pipe:"):])
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                       (_prop("Hidden", True),))
    try:
        donnees = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(
            _prop(nom, _valeur(genre, valeur)) for nom, (genre, valeur) in filtre.items()))
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(cible)),
                       (_prop("FilterName", "writer_pdf_Export"), _prop("FilterData", donnees)))
    finally:
        doc.close(True)


if __name__ == "__main__":
    convertir(sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4]))
