from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from carbon.accounting.recalculation import recalculate_base_year, significance_threshold
from carbon.activity import validate_activity
from carbon.errors import ConfigurationError
from carbon.periods import LONDON

BASE = "2019/20"


def base_year_activity() -> pd.DataFrame:
    rows = [("S01", "electricity.grid", 1_000_000, "kWh"),
            ("S01", "fuel.natural_gas", 2_000_000, "kWh (Gross CV)"),
            ("S02", "electricity.grid", 200_000, "kWh")]  # S02 acquired after 2019/20
    return validate_activity(pd.DataFrame({
        "organisation": "RXX", "site": [r[0] for r in rows], "meter_id": "M",
        "activity_type": [r[1] for r in rows],
        "period_start": pd.Timestamp("2019-04-01").tz_localize(LONDON),
        "period_end": pd.Timestamp("2020-04-01").tz_localize(LONDON),
        "quantity": [r[2] for r in rows], "unit": [r[3] for r in rows], "status": "actual",
        "source_file": "base.csv", "source_row": np.arange(2, 5), "batch_id": "b"}))


def test_default_threshold_comes_from_data() -> None:
    assert significance_threshold() == 0.05


def test_gwp_restatement_alone_is_not_significant() -> None:
    # 2019 factors are AR4; restating on AR5 moves CH4/N2O parts only: well under 5%.
    result = recalculate_base_year(base_year_activity(), BASE, published={},
                                   current={"gwp_basis": "AR5", "on_gwp_missing": "flag"},
                                   sites_removed=("S02",))
    method = result.steps.set_index("step").loc["method"]
    assert method["change"] != 0.0  # CH4 and N2O parts of the combustion factors moved
    assert abs(method["change_pct"]) < 1.0 and not method["significant"]
    warnings = result.recalculated.run_record["warnings"]
    assert any("keep their published GWP basis" in w for w in warnings)


def test_acquisition_is_a_significant_structural_change() -> None:
    # Published without S02; S02's 200 MWh at 2019's 0.2556 (+T&D, WTT) is ~10% of the total.
    activity = base_year_activity()
    result = recalculate_base_year(activity, BASE, published={}, current={},
                                   sites_added=("S02",))
    steps = result.steps.set_index("step")
    published_total = steps.loc["published", "tco2e"]
    s02 = 200_000 * (0.2556 + 0.0217 + 0.03565 + 0.00303) / 1000
    assert steps.loc["structure", "change"] == pytest.approx(s02)
    assert steps.loc["structure", "significant"] and result.significant
    assert steps.loc["cumulative", "change_pct"] == pytest.approx(100 * s02 / published_total)
    comparison = result.comparison.set_index("report_group")
    assert comparison.loc["building_energy", "change"] == pytest.approx(s02)


def test_unknown_acquired_site_and_bad_threshold() -> None:
    with pytest.raises(ConfigurationError, match="no activity"):
        recalculate_base_year(base_year_activity(), BASE, published={}, current={},
                              sites_added=("S99",))
    with pytest.raises(ConfigurationError):
        recalculate_base_year(base_year_activity(), BASE, published={}, current={},
                              threshold=5.0)
