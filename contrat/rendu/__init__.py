"""Rendering: takes a ``Contrat`` (or an avenant's articles) and a Word template; gives DOCX bytes,
then PDF bytes through LibreOffice. Never reads YAML, never writes into ``dist/``.
"""
