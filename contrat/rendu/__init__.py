"""Renderers: Contrat -> bytes. They never read YAML and never write to dist/."""
