"""Write the sample procurement ledger of the tests: ``procurement_ledger_2023_24.csv``.

Run ``python tests/data/make_procurement_ledger.py`` after changing the demo ledger
(:mod:`carbon.demo.ledger`); ``tests/readers/test_procurement_ledger.py`` checks the committed
file is what this script writes. The ledger is the fictional trust's financial year 2023/24
(294 lines: NHS eClass, SIC and free-text categories, three unmapped categories, water, waste,
rail and energy lines that activity data also count, one credit note) with another seed than
the demo's. The supplier with its own intensity is in ``supplier_factors.csv`` beside it.
"""

from __future__ import annotations

from pathlib import Path

from carbon.demo.ledger import write_ledger

HERE = Path(__file__).resolve().parent
LEDGER = HERE / "procurement_ledger_2023_24.csv"
SEED = 20230401


def main() -> Path:
    """Write the ledger; returns its path."""
    return write_ledger(LEDGER, (2023,), SEED)


if __name__ == "__main__":
    print(main())
