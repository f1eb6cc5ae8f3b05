"""Application layer: plain functions that run the pipeline for one use (build a contract, prepare
an avenant, verify a PDF) and return bytes and findings; publishing into ``dist/`` as one set.

Called by the command line and by the tests in-process; never prints, never reads argv.
"""
