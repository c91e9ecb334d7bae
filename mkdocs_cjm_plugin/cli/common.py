"""What every command shares: its exit codes."""

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
"""0: nothing failed; 1: problems found (errors, or warnings with --strict); 2: the
command could not run (usage, a missing file)."""
