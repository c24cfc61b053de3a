"""The normal path never imports dask, even where the distributed extra installed it."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_an_inventory_imports_no_dask() -> None:
    script = textwrap.dedent("""
        import sys
        import carbon
        from carbon.demo import demo_activity
        from carbon.periods import parse_period
        import carbon.store
        inventory = carbon.inventory(demo_activity(parse_period("2024/25")), "2024/25")
        assert inventory.total() > 0
        print(sorted(m for m in sys.modules if m == "dask" or m.startswith("dask.")))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
