"""pydantic's typing errors, translated: French messages for its stable error types (never its
English text), located at the field (or key) they concern, with the fields allowed there."""

from __future__ import annotations

import difflib
import re
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from contrat.modele.chemin import Chemin
from contrat.modele.contrat import GENRES_DE_BLOC, Contrat, interne
from contrat.modele.sortes import anciennes_cles

MESSAGES: dict[str, str] = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu",
    "string_type": "texte attendu",
    "int_parsing": "nombre entier attendu",
    "int_type": "nombre entier attendu",
    "bool_parsing": "« oui » ou « non » attendu",
    "bool_type": "« oui » ou « non » attendu",
    "list_type": "liste attendue (éléments précédés de « - »)",
    "tuple_type": "liste attendue (éléments précédés de « - »)",
    "dict_type": "ensemble de champs « clé: valeur » attendu",
    "model_type": "ensemble de champs « clé: valeur » attendu",
    "model_attributes_type": "ensemble de champs « clé: valeur » attendu",
    "too_short": "liste vide : au moins un élément est attendu",
    "string_too_short": "texte vide",
    "literal_error": "valeur non admise (valeurs possibles : {expected})",
    "union_tag_invalid": "type de bloc inconnu",
    "decimal_parsing": "nombre attendu",
}


def message(erreur: ErrorDetails, champs_connus: list[str] | None = None, modele: str = "") -> str:
    """The French message for one pydantic error (``modele``: the class the error is in)."""
    type_ = erreur["type"]
    if type_ == "bloc_document":
        entree = erreur.get("input")
        genres = [g for g in GENRES_DE_BLOC if isinstance(entree, dict) and g in entree]
        return f"{erreur['msg']} (ici : {', '.join(genres) or 'rien'})"
    if type_ == "value_error":
        # Our own validators raise ValueError with a French message already.
        return str(erreur.get("ctx", {}).get("error", erreur["msg"]))
    texte = MESSAGES.get(type_)
    if texte is None:
        return f"valeur invalide ({type_})"
    if type_ == "literal_error":
        # pydantic writes « 'a', 'b' or 'c' »: each value quoted in French, « ou » before the last.
        valeurs = [f"« {v} »" for v in re.findall(r"'([^']*)'", erreur.get("ctx", {}).get("expected", ""))]
        liste = ", ".join(valeurs[:-1]) + " ou " + valeurs[-1] if len(valeurs) > 1 else "".join(valeurs)
        return texte.format(expected=liste)
    # A kind's older key written where it is no longer read (beside its current form, or inside
    # it): unknown, and the message says what it was (docs/migration.md says since when).
    actuelle = anciennes_cles().get((modele, str(erreur["loc"][-1]))) if type_ == "extra_forbidden" else None
    if actuelle is not None:
        return f"clé « {erreur['loc'][-1]} » : ancienne forme de « {actuelle} », à écrire désormais ainsi (docs/migration.md)"
    if type_ == "extra_forbidden" and champs_connus:
        cle = str(erreur["loc"][-1])
        proche = plus_proche(cle, champs_connus)
        if proche:
            return f"champ inconnu « {cle} » (vouliez-vous « {proche} » ?)"
        return f"champ inconnu « {cle} » (champs possibles : {', '.join(champs_connus)})"
    return texte


def plus_proche(mot: str, candidats: list[str]) -> str | None:
    """The known name a mistyped one most likely means (« vouliez-vous … ? »): a close spelling,
    or a name it begins with (« titre_court » → « titre »); never a name that merely shares a few
    letters (« fonction » is not « organisation »)."""
    trouves = difflib.get_close_matches(mot, candidats, n=1, cutoff=0.75)
    if trouves:
        return trouves[0]
    prefixes = [c for c in candidats if len(c) >= 4 and (mot.startswith(c) or c.startswith(mot))]
    return max(prefixes, key=len) if prefixes else None


def traduire(exc: ValidationError, arbre: Any) -> list[tuple[Chemin, str]]:
    """Each typing error once, as (where, French message); a mistyped key is placed on the key."""
    resultat = []
    erreurs = exc.errors()
    # pydantic counts only the valid items: a list whose items failed is also reported "too short".
    en_cause = [tuple(e["loc"]) for e in erreurs]
    erreurs = [e for e in erreurs if not (e["type"] == "too_short" and any(
        len(l) > len(e["loc"]) and l[:len(e["loc"])] == tuple(e["loc"]) for l in en_cause))]
    for err in erreurs:
        # Drop pydantic's internal steps (function-before, tagged-union names...).
        chemin: Chemin = tuple(c for c in err["loc"] if isinstance(c, int) or not _interne(c))
        cible = chemin + ("__cle__",) if err["type"] == "extra_forbidden" else chemin
        inconnu = err["type"] == "extra_forbidden"
        champs = _champs_connus(chemin[:-1]) if inconnu else None
        modele = getattr(_modele_a(chemin[:-1]), "__name__", "") if inconnu else ""
        resultat.append((cible, message(err, champs, modele)))
    return resultat


def _interne(c: str) -> bool:
    # Union members and validator wrappers appear in pydantic locations as "function-...[...]".
    return "[" in c


def _modele_a(chemin: Chemin) -> Any:
    """The class of the model at ``chemin``, or None."""
    modele: Any = Contrat
    for cle in chemin:
        if isinstance(cle, int):
            continue
        champ = modele.model_fields.get(cle) if hasattr(modele, "model_fields") else None
        if champ is None:
            return None
        modele = _modele_interne(champ.annotation)
        if modele is None:
            return None
    return modele


def _champs_connus(chemin: Chemin) -> list[str]:
    """Field names allowed at ``chemin``, for the "did you mean" hint."""
    modele = _modele_a(chemin)
    if not hasattr(modele, "model_fields"):
        return []
    ecrits = getattr(modele, "CHAMPS_ECRITS", None)  # a model read in more than one form
    return list(ecrits) if ecrits else [nom for nom, champ in modele.model_fields.items() if not interne(champ)]


def _modele_interne(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        trouve = _modele_interne(arg)
        if trouve is not None:
            return trouve
    return None
