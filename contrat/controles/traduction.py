"""French messages for pydantic's stable error types (never its English text)."""

from __future__ import annotations

from typing import Any

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


def message(erreur: dict[str, Any], champs_connus: list[str] | None = None) -> str:
    """The French message for one pydantic error."""
    type_ = erreur["type"]
    if type_ == "value_error":
        # Our own validators raise ValueError with a French message already.
        return str(erreur.get("ctx", {}).get("error", erreur["msg"]))
    modele = MESSAGES.get(type_)
    if modele is None:
        return f"valeur invalide ({type_})"
    if type_ == "literal_error":
        import re

        # pydantic writes « 'a', 'b' or 'c' »: each value quoted in French, « ou » before the last.
        valeurs = [f"« {v} »" for v in re.findall(r"'([^']*)'", erreur.get("ctx", {}).get("expected", ""))]
        liste = ", ".join(valeurs[:-1]) + " ou " + valeurs[-1] if len(valeurs) > 1 else "".join(valeurs)
        return modele.format(expected=liste)
    if type_ == "extra_forbidden" and champs_connus:
        cle = str(erreur["loc"][-1])
        proche = plus_proche(cle, champs_connus)
        if proche:
            return f"champ inconnu « {cle} » (vouliez-vous « {proche} » ?)"
        return f"champ inconnu « {cle} » (champs possibles : {', '.join(champs_connus)})"
    return modele


def plus_proche(mot: str, candidats: list[str]) -> str | None:
    """The closest known name to a mistyped one (« vouliez-vous … ? »)."""
    import difflib

    trouves = difflib.get_close_matches(mot, candidats, n=1, cutoff=0.6)
    return trouves[0] if trouves else None
