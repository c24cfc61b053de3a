from __future__ import annotations

import pytest

from carbon.accounting.change import explain_change
from carbon.accounting.result import Inventory
from carbon.errors import ConfigurationError


def test_change_splits_exactly_into_activity_and_factor(inventory: Inventory) -> None:
    table = explain_change(inventory, "2023/24", "2024/25", by=["report_group"])
    total = table[["activity_effect", "factor_effect", "new_or_ended"]].sum(axis=1)
    assert table["change"].to_numpy() == pytest.approx(total.to_numpy())
    energy = table.set_index("report_group").loc["building_energy"]
    # Electricity generation by hand: Q 1e6 -> 9e5 kWh, F 0.20707 -> 0.20705 kg/kWh.
    elec_activity = (900_000 - 1_000_000) * (0.20707 + 0.20705) / 2 / 1000
    elec_factor = (0.20705 - 0.20707) * (1_000_000 + 900_000) / 2 / 1000
    tnd_activity = (900_000 - 1_000_000) * 0.0183 / 1000
    gas_activity = (2_100_000 - 2_000_000) * 0.1829 / 1000
    assert energy["activity_effect"] == pytest.approx(elec_activity + tnd_activity + gas_activity)
    assert energy["factor_effect"] == pytest.approx(elec_factor)
    water = table.set_index("report_group").loc["water_and_waste"]
    assert water["new_or_ended"] == pytest.approx(0.15311)


def test_unknown_period(inventory: Inventory) -> None:
    with pytest.raises(ConfigurationError):
        explain_change(inventory, "2019/20", "2024/25")
