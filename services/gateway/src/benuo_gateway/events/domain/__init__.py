"""Rules of the event streams with no I/O: filters, access, cursors, signatures, retries, URLs."""
