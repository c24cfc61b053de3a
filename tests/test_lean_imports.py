"""The normal path never imports dask, even where the distributed extra installed it."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_an_inventory_imports_no_dask() -> None:
    script = textwrap.dedent("""
        import sys
        import tempfile
        import carbon
        import carbon.store
        from carbon.demo.files import write_gas_bills
        from carbon.readers import LoadOptions, read_file
        bills = write_gas_bills(__import__("pathlib").Path(tempfile.mkdtemp()))
        activity = read_file(bills, LoadOptions()).activity
        inventory = carbon.inventory(activity, "2024/25")
        assert inventory.total() > 0
        print(sorted(m for m in sys.modules if m == "dask" or m.startswith("dask.")))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
