"""Coded event data (GDELT first): read by DuckDB, held in columns, asked like cited records.

One module per job: :mod:`~ruiran.coded.columns` (the file layouts), :mod:`~ruiran.coded.cameo`
(CAMEO country codes and ruiran's actors), :mod:`~ruiran.coded.sql` (the filter as SQL text),
:mod:`~ruiran.coded.gdelt` (the GDELT reader), and :mod:`~ruiran.coded.synthetic` (GDELT-format
files for tests). A reader for another source (ICEWS, POLECAT) is one more module beside
``gdelt``. DuckDB, pyarrow and pandas are imported only when used (the ``events`` extra).
"""

from __future__ import annotations
