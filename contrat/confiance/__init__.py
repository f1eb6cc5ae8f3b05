"""Trust: takes a PDF; gives its embedded sources and metadata, the state of its PAdES signatures,
and signs it. What ``verify`` relies on, independent of how the PDF was built.
"""
