"""Checks: take a sources folder; give a validated ``Contrat`` and the findings (errors, warnings),
each with its file, line, column and place in the printed document.

``dossier`` runs reading, typing (pydantic errors translated to French by ``traduction``) and the
rules; one module per rule family.
"""
