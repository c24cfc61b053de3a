from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon.errors import UnknownFactorError
from carbon.factorsets import RESOLVED_COLUMNS, load_set, resolve_factors, select_factor_sets

ELECTRICITY = "uk-electricity/electricity-generated/electricity-uk/kwh"
TD = "transmission-and-distribution/t-and-d-uk-electricity/electricity-uk/kwh"
GAS = "fuels/gaseous-fuels/natural-gas/kwh-gross-cv"
IDS = [ELECTRICITY, TD, GAS]


def test_many_ids_in_one_frame_out_in_request_order() -> None:
    requests = pd.DataFrame({"factor_id": [GAS, ELECTRICITY, GAS, TD],
                             "quantity": [1.0, 2.0, 3.0, 4.0]})
    out = resolve_factors(requests, "desnz:2024")
    assert list(out.columns[: len(RESOLVED_COLUMNS)]) == list(RESOLVED_COLUMNS)
    assert out["row"].tolist() == [0, 1, 2, 3]
    assert out["factor_id"].tolist() == requests["factor_id"].tolist()
    assert out["value"].tolist() == [0.1829, 0.20705, 0.1829, 0.0183]
    assert out["activity_unit"].astype(str).tolist() == ["kWh_gross", "kWh", "kWh_gross", "kWh"]
    assert set(out["set_id"].astype(str)) == {"desnz:2024"}
    assert set(out["set_version"].astype(str)) == {"1.1"}
    assert set(out["gwp_basis"].astype(str)) == {"AR5"}
    assert out["td"].tolist() == [False, False, False, True]
    assert (out["weight"] == 1.0).all()


def test_a_selection_resolves_pro_rata_with_weights() -> None:
    out = resolve_factors([ELECTRICITY], select_factor_sets("2024/25", "pro-rata"))
    assert out["set_id"].astype(str).tolist() == ["desnz:2024", "desnz:2025"]
    assert out["weight"].tolist() == [275 / 365, 90 / 365]
    blended = (out["weight"] * out["value"]).sum()
    assert blended == pytest.approx(0.20705 * 275 / 365 + 0.177 * 90 / 365)
    majority = resolve_factors([ELECTRICITY], select_factor_sets("2024/25"))
    assert majority["value"].tolist() == [0.20705]


def test_missing_ids_are_all_named() -> None:
    with pytest.raises(UnknownFactorError) as info:
        resolve_factors([ELECTRICITY, "a/b", "c/d"], "desnz:2024")
    assert "'a/b'" in str(info.value) and "c/d" in str(info.value)
    with pytest.raises(UnknownFactorError, match="factor_id"):
        resolve_factors(pd.DataFrame({"id": [ELECTRICITY]}), "desnz:2024")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(IDS), min_size=1, max_size=40))
def test_resolution_equals_one_lookup_per_row(ids: list[str]) -> None:
    factors = load_set("desnz:2023")
    out = resolve_factors(ids, factors)
    expected = [factors.factor(i).value for i in ids]
    assert np.array_equal(out["value"].to_numpy(), np.asarray(expected))
    assert len(out) == len(ids)


def test_bulk_resolution_is_vectorised() -> None:
    """200k rows resolve in well under a second (one hash lookup per distinct id)."""
    import time

    ids = pd.Series(IDS * 70_000)
    start = time.perf_counter()
    out = resolve_factors(ids, "desnz:2024")
    assert len(out) == len(ids)
    assert time.perf_counter() - start < 2.0
