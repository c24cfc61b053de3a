"""What a report is made from: :class:`ReportInputs` and the frames it holds.

Every output (HTML, PDF, workbook, SECR table, JSON) is a function of one
:class:`ReportInputs`, so the same inputs give the same bytes. The frames follow the project's
contracts (``guide/FOUNDATION.md``): INVENTORY LINES and ANNUAL ACTUALS, plus three small
frames defined here (compliance rows, trajectory series, completeness per meter-month).
"""

from __future__ import annotations

import base64
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from carbon.accounting.result import LINE_COLUMNS, MEMO_COLUMNS
from carbon.errors import ActivityValidationError, ConfigurationError
from carbon.socialvalue.document import SocialValueDocument
from carbon.socialvalue.evaluate import label

#: INVENTORY LINES columns a report reads: those of every inventory (``cost_gbp`` optional).
INVENTORY_COLUMNS = LINE_COLUMNS
ACTUALS_COLUMNS = ("year", "metric", "footprint", "value")
#: Compliance rows of the targets engine: one per target, footprint and year.
COMPLIANCE_COLUMNS = ("target", "footprint", "year", "required", "actual", "gap_tco2e",
                      "gap_pct", "status")
#: Trajectory series: actual, target path and scenarios by year [tCO2e].
TRAJECTORY_COLUMNS = ("year", "footprint", "series", "tco2e")
#: Completeness per meter and month: periods present out of expected (0-1).
COMPLETENESS_COLUMNS = ("meter_id", "month", "expected", "present", "completeness")
#: Estimated shares per activity type in the reporting year.
ESTIMATED_COLUMNS = ("activity_type", "quantity", "unit", "estimated_share")
#: Intensity denominators (floor area, WTE, patient contacts ...) by year.
DENOMINATOR_COLUMNS = ("year", "name", "value", "unit")


MediaType = Literal["image/png", "image/svg+xml"]


def check_columns(frame: pd.DataFrame, required: tuple[str, ...], what: str,
                  file: str | None = None) -> pd.DataFrame:
    """Raise a clear error when a contract column is missing; return the frame.

    Raises
    ------
    ActivityValidationError
        Naming the frame (or file), the missing columns and the contract.
    """
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ActivityValidationError(
            f"{what} lacks column(s) {', '.join(missing)}", file=file,
            expected=", ".join(required), fix=f"produce the {what} in its contract layout "
            "(docs/reporting.md, 'Report inputs')")
    return frame


class Chart(BaseModel):
    """A pre-rendered chart: title, image bytes (PNG or SVG) and alternative text.

    The report embeds the bytes inline (a ``data:`` URI), so the HTML needs no network. Other
    stages (the trajectory engine) hand their charts to the report in this form.
    """

    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    title: str = Field(min_length=1)
    alt: str = Field(min_length=1, description="alternative text read out instead of the image")
    media_type: MediaType
    data: bytes = Field(min_length=1)
    caption: str = ""

    @model_validator(mode="after")
    def _looks_like_its_type(self) -> Chart:
        png = self.data.startswith(b"\x89PNG\r\n\x1a\n")
        if (self.media_type == "image/png") != png or (
                self.media_type == "image/svg+xml" and b"<svg" not in self.data[:4096]):
            raise ValueError(f"chart {self.id}: the bytes are not {self.media_type}")
        return self

    @classmethod
    def rendered(cls, chart_id: str, chart: Any, caption: str = "") -> Chart:
        """A chart of the trajectory and scenario engines (:class:`carbon.charts.Chart`) as PNG."""
        return cls(id=chart_id, title=chart.title, alt=chart.alt_text, media_type="image/png",
                   data=chart.png(), caption=caption)

    def data_uri(self) -> str:
        """The image as a ``data:`` URI (base64)."""
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


class DataQuality(BaseModel):
    """Data-quality evidence for the reporting year.

    Attributes
    ----------
    estimated : pandas.DataFrame
        :data:`ESTIMATED_COLUMNS`: share of each activity type's quantity not marked actual.
    completeness : pandas.DataFrame
        :data:`COMPLETENESS_COLUMNS`: per meter and month (``YYYY-MM``).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    estimated: pd.DataFrame
    completeness: pd.DataFrame

    @field_validator("estimated")
    @classmethod
    def _estimated(cls, frame: pd.DataFrame) -> pd.DataFrame:
        return check_columns(frame, ESTIMATED_COLUMNS, "estimated-share frame")

    @field_validator("completeness")
    @classmethod
    def _completeness(cls, frame: pd.DataFrame) -> pd.DataFrame:
        return check_columns(frame, COMPLETENESS_COLUMNS, "completeness frame")


class ReportInputs(BaseModel):
    """Everything the board report, workbook, SECR table and JSON are made from.

    Attributes
    ----------
    organisation : str
        Name shown on the report.
    organisation_code : str
        ODS code or similar (may be empty).
    year, base_year : int
        Financial-year start years of the reporting year and the base year.
    inventory : dict of int to pandas.DataFrame
        INVENTORY LINES per year available (must include ``year``).
    annual_actuals : pandas.DataFrame
        ANNUAL ACTUALS (``year, metric, footprint, value``), all years.
    compliance : pandas.DataFrame
        :data:`COMPLIANCE_COLUMNS` (may be empty: then nothing is rated against targets).
    trajectory : pandas.DataFrame
        :data:`TRAJECTORY_COLUMNS` (may be empty).
    activity_totals : pandas.DataFrame
        Annual activity totals (:func:`carbon.socialvalue.annual_activity`), for energy by fuel.
    denominators : pandas.DataFrame
        :data:`DENOMINATOR_COLUMNS`, for intensity ratios (may be empty).
    charts : list of Chart
        Pre-rendered charts from other stages (``trajectory`` from the targets engine).
    social_value : SocialValueDocument
        The evaluated framework.
    data_quality : DataQuality
    run_record : dict
        The inventory run record (inputs' sha256, factor sets, policies, package version).
    memo : pandas.DataFrame
        The inventory's memo money (:data:`carbon.accounting.result.MEMO_COLUMNS`: unmapped,
        excluded and energy spend, costs of returns), all years; may be empty.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    organisation: str = Field(min_length=1)
    organisation_code: str = ""
    year: int
    base_year: int
    inventory: dict[int, pd.DataFrame]
    annual_actuals: pd.DataFrame
    compliance: pd.DataFrame
    trajectory: pd.DataFrame
    activity_totals: pd.DataFrame
    denominators: pd.DataFrame
    charts: list[Chart] = Field(default_factory=list)
    social_value: SocialValueDocument
    data_quality: DataQuality
    run_record: dict[str, Any] = Field(default_factory=dict)
    memo: pd.DataFrame = Field(default_factory=lambda: pd.DataFrame(columns=list(MEMO_COLUMNS)))

    @model_validator(mode="after")
    def _consistent(self) -> ReportInputs:
        for year, frame in self.inventory.items():
            check_columns(frame, INVENTORY_COLUMNS, f"inventory lines of {label(year)}")
        check_columns(self.annual_actuals, ACTUALS_COLUMNS, "annual actuals")
        check_columns(self.compliance, COMPLIANCE_COLUMNS, "compliance rows")
        check_columns(self.trajectory, TRAJECTORY_COLUMNS, "trajectory")
        check_columns(self.denominators, DENOMINATOR_COLUMNS, "intensity denominators")
        check_columns(self.memo, MEMO_COLUMNS, "memo money")
        if self.year not in self.inventory:
            raise ConfigurationError(
                f"no inventory lines for the reporting year {label(self.year)}",
                value=sorted(self.inventory), fix="run the inventory for that year first")
        if self.base_year > self.year:
            raise ConfigurationError("the base year is after the reporting year",
                                     value=label(self.base_year))
        ids = [c.id for c in self.charts]
        if len(ids) != len(set(ids)):
            raise ConfigurationError("two charts share an id", value=ids)
        return self

    @property
    def period(self) -> str:
        """Label of the reporting year ('2024/25')."""
        return label(self.year)

    @property
    def lines(self) -> pd.DataFrame:
        """Inventory lines of the reporting year."""
        return self.inventory[self.year]

    def chart(self, chart_id: str) -> Chart | None:
        """A supplied chart by id, or None."""
        return next((c for c in self.charts if c.id == chart_id), None)
