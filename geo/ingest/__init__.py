"""Article text → candidate records (seed-shaped) → reviewed records appended to ``seeds/``.

`geo.ingest.candidates.ingest_text` proposes; `geo.ingest.accept.save_story` writes. The
candidate format is documented in ``docs/ingest.md``. This package imports only base and data
modules: the build runs in a child process (`geo.ingest.accept`).
"""
