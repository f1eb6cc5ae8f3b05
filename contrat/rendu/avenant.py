"""The avenant document: parties, visas, exposé des motifs, articles, signatures, comparison table."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import jinja2
from docx.enum.text import WD_BREAK
from docx.shared import Cm
from docxtpl import DocxTemplate

from ..diff import Changement
from ..erreurs import ErreurGabarit
from ..modele import Avenant, Contrat
from ..redaction import Article, Redaction
from .docx import OptionsRendu, _signataires, date_en_lettres, zip_deterministe
from .ecriture import Redacteur

LOI = ("Vu la loi n° 2014-173 du 21 février 2014 de programmation pour la ville et la cohésion urbaine, "
       "notamment son article 6 ;")


@dataclass(frozen=True)
class Versions:
    """The version amended and the new one, with the dates the visas cite."""

    ancien: Contrat
    nouveau: Contrat
    avenant: Avenant
    etiquette_base: str
    precedents: tuple[tuple[int, str | None], ...] = ()
    """Earlier avenants (number, date of signature)."""


def titre_avenant(v: Versions) -> str:
    return f"Avenant n° {v.avenant.numero} au {v.nouveau.intitule[0].lower()}{v.nouveau.intitule[1:]}"


def articles(v: Versions, changements: list[Changement]) -> list[Article]:
    return Redaction(v.ancien, v.nouveau).articles(changements)


def rendre_avenant(v: Versions, changements: list[Changement], options: OptionsRendu) -> bytes:
    """The avenant as DOCX bytes."""
    tpl = DocxTemplate(str(options.gabarit))
    liste = articles(v, changements)
    contexte = {
        "titre": titre_avenant(v),
        "sous_titre": f"Comité de pilotage du {date_en_lettres(dt.date.fromisoformat(v.avenant.comite_pilotage))}",
        "intitule": f"Avenant n° {v.avenant.numero} — {v.nouveau.intitule}",
        "corps": _corps(tpl, v, liste),
        "fait_a": _fait_a(v),
        "signataires_par_paire": _signataires(v.nouveau),
        "annexe": _annexe(tpl, liste),
    }
    try:
        env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
        tpl.render(contexte, jinja_env=env, autoescape=True)
    except jinja2.TemplateError as exc:
        raise ErreurGabarit(f"{options.gabarit}: gabarit d'avenant inutilisable : {exc}") from None
    cp = tpl.docx.core_properties
    cp.title = titre_avenant(v)
    cp.subject = v.avenant.objet
    cp.language = "fr-FR"
    cp.version = options.version
    cp.last_modified_by = "contrat"
    cp.revision = 1
    cp.created = cp.modified = options.date.replace(tzinfo=None)
    tampon = io.BytesIO()
    tpl.save(tampon)
    return zip_deterministe(tampon.getvalue())


def _corps(tpl: DocxTemplate, v: Versions, liste: list[Article]) -> Any:
    sd = tpl.new_subdoc()
    r = Redacteur(sd.subdocx)
    r.paragraphe("Entre les soussignés :", style="Heading 3")
    orgs = {o.code: o for o in (*v.ancien.organisations, *v.nouveau.organisations)}
    for n, s in enumerate(v.nouveau.signataires):
        org = orgs[s.organisation]
        nom = f", {s.nom}" if s.nom else ""
        fin = " ;" if n < len(v.nouveau.signataires) - 1 else ","
        r.paragraphe(f"{org.nom or org.libelle}, représentée par : {s.qualite}{nom}{fin}", style="List Bullet")
    r.paragraphe("ci-après dénommés « les parties ».")
    r.paragraphe("Visas", style="Heading 3")
    for visa in _visas(v):
        r.paragraphe(visa)
    r.paragraphe("Il a été préalablement exposé ce qui suit :", style="Heading 3")
    r.prose(v.avenant.expose_motifs)
    r.paragraphe("Il a été convenu ce qui suit :", style="Heading 3")
    numero = 1
    r.paragraphe(f"Article {numero} – Objet", style="Article")
    date_contrat = _date(v.ancien.signature.date)
    r.paragraphe(f"Le présent avenant a pour objet de {v.avenant.objet}. Il modifie le {v.ancien.intitule[0].lower()}"
                 f"{v.ancien.intitule[1:]}, signé le {date_contrat}, dans sa rédaction en vigueur.")
    for article in liste:
        numero += 1
        r.paragraphe(f"Article {numero}", style="Article")
        for alinea in article.alineas:
            p = r.paragraphe(alinea)
        if article.tableau is not None:
            p.paragraph_format.keep_with_next = True  # « est ainsi rédigé : » stays with its table
            r._grille(article.tableau)
    numero += 1
    r.paragraphe(f"Article {numero} – Autres stipulations", style="Article")
    r.paragraphe("Les autres stipulations du contrat demeurent inchangées.")
    numero += 1
    r.paragraphe(f"Article {numero} – Entrée en vigueur", style="Article")
    if v.avenant.date_effet:
        r.paragraphe(f"Le présent avenant prend effet le {_date(v.avenant.date_effet)}.")
    else:
        r.paragraphe("Le présent avenant prend effet à la date de sa signature par l'ensemble des parties.")
    return sd


def _date(iso: str | None) -> str:
    return date_en_lettres(dt.date.fromisoformat(iso)) if iso else "…………………………"


def _visas(v: Versions) -> list[str]:
    visas = [LOI, f"Vu le {v.ancien.intitule[0].lower()}{v.ancien.intitule[1:]}, signé le "
                  f"{_date(v.ancien.signature.date)} ;"]
    for numero, date in v.precedents:
        visas.append(f"Vu l'avenant n° {numero} au contrat de ville, signé le {_date(date)} ;")
    visas.extend(d.rstrip(" ;.") + " ;" for d in v.avenant.deliberations)
    visas.append(f"Vu l'avis du comité de pilotage du {_date(v.avenant.comite_pilotage)},")
    return visas


def _fait_a(v: Versions) -> str:
    return (f"Fait à {v.avenant.signature.lieu}, le {_date(v.avenant.signature.date)}, en "
            f"{len(v.nouveau.signataires)} exemplaires originaux.")


def _annexe(tpl: DocxTemplate, liste: list[Article]) -> Any:
    """Annex: the comparison table (rédaction en vigueur / rédaction modifiée)."""
    lignes = [c for a in liste for c in a.comparaison]
    if not lignes:
        return ""
    sd = tpl.new_subdoc()
    r = Redacteur(sd.subdocx)
    saut = r.paragraphe()
    saut.add_run().add_break(WD_BREAK.PAGE)
    r.paragraphe("Annexe – Tableau comparatif", style="Heading 2")
    r.tableau_texte(["Stipulation", "Rédaction en vigueur", "Nouvelle rédaction"],
                    [[place, ancien or "(néant)", nouveau or "(supprimé)"] for place, ancien, nouveau in lignes],
                    [Cm(4), Cm(6.5), Cm(6.5)], premiere_colonne="Cellule titre")
    return sd


def pdf_avenant_complet(docx: bytes, v: Versions, changements: list[Changement], options: OptionsRendu) -> bytes:
    """The avenant's PDF, with the external PDF annexes it adds joined at the end."""
    import pikepdf

    from .pdf import pdf_avenant

    pdf = pdf_avenant(docx, v.nouveau, options, titre_avenant(v))
    # Added or replaced annexes given as PDF files are « joints au présent avenant ».
    codes = {(c.chemin[0], c.chemin[1]) for c in changements
             if c.chemin[0] in ("annexes", "contributions") and len(c.chemin) >= 2
             and (c.nature == "ajout" or (c.nature == "modification" and len(c.chemin) > 2))}
    ajoutees = [d for liste in ("annexes", "contributions") for d in getattr(v.nouveau, liste)
                if (liste, f"code:{d.code}") in codes and d.pdf]
    if not ajoutees or options.dossier_sources is None:
        return pdf
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for annexe in ajoutees:
            with pikepdf.open(options.dossier_sources / annexe.pdf) as source:
                document.pages.extend(source.pages)
        sortie = io.BytesIO()
        document.save(sortie, deterministic_id=True)
        return sortie.getvalue()
