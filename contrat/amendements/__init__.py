"""Amendments: take two contracts (the signed one from Git, the current sources); give the
changes of the printed contract, the avenant's articles with the operations they state, checked
by applying them, and the signed versions recorded in Git (tags and manifests).
"""
