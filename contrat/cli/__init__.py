"""Command line: parses options, calls the application layer, prints in French and maps errors to
exit codes. ``principal`` holds the group and registers every command explicitly.
"""
