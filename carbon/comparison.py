"""Several scenario results side by side: the library behind ``carbon scenario compare``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import pandas as pd
import xarray as xr

from carbon.errors import ConfigurationError
from carbon.scenario import ScenarioResult

if TYPE_CHECKING:
    from carbon.charts import Chart


@dataclass(frozen=True)
class Comparison:
    """Several scenario results side by side."""

    results: tuple[ScenarioResult, ...]

    @cached_property
    def dataset(self) -> xr.Dataset:
        """The results' datasets concatenated on ``scenario`` (same baseline required)."""
        return xr.concat([r.dataset for r in self.results], dim="scenario",
                         data_vars="all", coords="minimal", compat="override",
                         join="outer", combine_attrs="drop_conflicts")

    def totals(self, footprint: str = "nhs_carbon_footprint") -> pd.DataFrame:
        """Totals of every scenario, one row per scenario and year."""
        return pd.concat([r.totals(footprint) for r in self.results], ignore_index=True)

    def target_checks(self) -> pd.DataFrame:
        """Target checks of every scenario."""
        return pd.concat([r.target_checks() for r in self.results], ignore_index=True)

    def trajectory_chart(self, footprint: str = "nhs_carbon_footprint",
                         title: str | None = None) -> Chart:
        """All scenarios (with their bands) against the first scenario's targets."""
        from carbon.charts.series import scenario_series
        from carbon.charts.trajectory import trajectory_chart

        series, windows = scenario_series(list(self.results), footprint)
        names = " vs ".join(r.scenario.scenario.name for r in self.results)
        return trajectory_chart(series, windows, title=title or names, unit="tCO2e")


def compare(results: list[ScenarioResult]) -> Comparison:
    """Compare scenario results run on the same baseline.

    Raises
    ------
    ConfigurationError
        If the results do not share the baseline year, or two share an id.
    """
    if len({r.model.year for r in results}) > 1:
        raise ConfigurationError("scenarios to compare must share one baseline year")
    ids = [r.id for r in results]
    if len(set(ids)) < len(ids):
        raise ConfigurationError("two scenarios to compare have the same id", value=ids,
                                 fix="give each scenario file its own [scenario] id")
    return Comparison(tuple(results))
