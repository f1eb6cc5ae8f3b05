"""Model: takes the tree read from the sources; gives the typed, frozen ``Contrat`` (pydantic),
its prose trees, French numbers, and the texts and acronyms it holds.

The single schema of the sources: YAML keys, model fields and template variables share names.
"""
