"""The contract as printed: takes a ``Contrat``; gives what a reader sees, as a tree of printed
units (registries resolved, figures formatted, numbering and generated lists expanded), plus the
French that printing needs (dates and ordinals in words, agreement, non-breaking spaces).

Shared by the renderers (the DOCX prints these units) and the amendments (they compare them).
"""
