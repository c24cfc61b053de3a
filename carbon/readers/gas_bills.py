"""Gas bills: metered volume (m3 or hundreds of cubic feet) and calorific value -> kWh (gross).

Every bill is recomputed with :func:`carbon.units.gas_volume_to_energy`
(``kWh = volume [x 2.83 if imperial] x volume correction x CV / 3.6``) using the bill's own
volume correction and calorific value; the recomputed kWh is stored (``kWh_gross``), and a
supplier kWh further from it than ``scopes/loading_rules.toml`` allows is warned about (an
imperial meter billed without the 2.83 conversion shows up as a ratio near 1/2.83). Bills given
in kWh only are stored as billed (gross, as UK bills are). A cost column (``cost_gbp``, ``cost``
...) is kept with the bill as ``cost_gbp`` [GBP]. Counting unit: the row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon import resources, units
from carbon.errors import CarbonError
from carbon.readers.build import activity_frame, finish, reject_without_site
from carbon.readers.dates import bill_end_inclusive, day_bounds
from carbon.readers.simple import Rows, costs
from carbon.readers.table import to_date, to_number

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.result import LoadResult


def read(ctx: Context) -> LoadResult:
    """Read gas bills (see the module docstring)."""
    t = ctx.table
    n = len(t.frame)
    keep = np.ones(n, dtype=bool)

    def drop(mask: np.ndarray, column: str, reason: str, fix: str) -> None:
        nonlocal keep
        hit = keep & mask
        if hit.any():
            where = np.flatnonzero(hit)
            ctx.reject(where, column, t.frame[column].to_numpy(dtype=object)[where]
                       if column in t.frame else None, reason, fix)
            keep &= ~hit

    mprn = t.column("mprn")
    c_from = t.has("read date from", "period from", "from") or "from"
    c_to = t.has("read date to", "period to", "to") or "to"
    start, bad_s = to_date(t.column(c_from))
    end, bad_e = to_date(t.column(c_to))
    drop(bad_s, c_from, "not a date", "write dates as dd/mm/yyyy")
    drop(bad_e, c_to, "not a date", "write dates as dd/mm/yyyy")
    drop(~(bad_s | bad_e) & (end < start), c_to, "period ends before it starts",
         "check the read dates")
    c_vol = t.has("units used", "volume", "units") or "units used"
    volume, bad_v = to_number(t.column(c_vol), ctx.options.decimal)
    drop(bad_v | np.isnan(volume), c_vol, "volume is not a number", "give the units used")
    drop(volume < 0, c_vol, "negative volume", "check the reads (a negative advance is a "
         "misread or a meter exchange)")
    c_unit = t.has("meter units", "units of measure", "volume unit")
    unit_text = t.column(c_unit) if c_unit else pd.Series("m3", index=t.frame.index)
    parsed: dict[str, str] = {}
    for text in unit_text.unique():
        try:
            dim = units.dimension_name(units.parse_unit(text)) or ""
        except CarbonError:
            dim = ""
        parsed[text] = dim if dim in ("volume", "energy", "energy_gross") else ""
    drop(unit_text.map(lambda u: parsed[u] == "").to_numpy(dtype=bool), c_unit or c_vol,
         "unknown or wrong meter unit", "use cubic metres, hundreds of cubic feet or kWh")
    is_volume = unit_text.map(lambda u: parsed[u] == "volume").to_numpy(dtype=bool)
    c_cv = t.has("calorific value mj m3", "calorific value", "cv") or "cv"
    cv, bad_cv = to_number(t.column(c_cv), ctx.options.decimal)
    drop(is_volume & (bad_cv | ~(cv > 0)), c_cv, "calorific value missing or not positive",
         "give the calorific value from the bill in MJ/m3")
    c_vc = t.has("volume correction", "correction factor")
    standard = float(resources.read_toml("carbon.factors", "conversions.toml")
                     ["gas_volume_correction"]["value"])
    vc, bad_vc = to_number(t.column(c_vc)) if c_vc else (np.full(n, np.nan), np.zeros(n, bool))
    drop(bad_vc, c_vc or c_vol, "volume correction is not a number", "give the factor or "
         "leave it empty for the standard")
    vc = np.where(np.isnan(vc), standard, vc)
    site = ctx.sites(mprn, "site code")
    keep = reject_without_site(ctx, keep, site, "mprn", mprn)

    kwh = np.full(n, np.nan)
    for (text, factor), group in pd.DataFrame({"u": unit_text, "vc": vc})[keep].groupby(
            ["u", "vc"]).groups.items():
        rows = np.asarray(group)
        if parsed[text] == "volume":
            kwh[rows] = units.gas_volume_to_energy(volume[rows], text, cv[rows],
                                                   volume_correction=float(factor))
        else:
            kwh[rows] = units.convert(volume[rows], text,
                                      "kWh" if parsed[text] == "energy" else "kWh_gross")
    if (keep & ~is_volume).any():
        ctx.assume("bills given in kWh are stored as billed, on gross calorific value")
    _check_bill(ctx, t, keep, kwh, volume, cv, vc, standard, c_cv)
    inclusive = bill_end_inclusive(ctx, mprn, start, end, keep)
    rows = np.flatnonzero(keep)
    stop = end[rows] + (np.timedelta64(1, "D") if inclusive else np.timedelta64(0, "D"))
    lo, hi = day_bounds(start[rows], stop)
    kind = (t.column("present read type") if t.has("present read type") else
            pd.Series("", index=t.frame.index)).str.upper()
    estimated = kind.to_numpy()[rows] == "E"
    if estimated.any():
        ctx.warn(rows[estimated], "present_read_type", "E",
                 "bill ends on an estimated read: this bill and the next are mis-split")
    extras = {name: t.column(name).to_numpy(dtype=object)[rows]
              for name in ("bill ref", "meter serial") if t.has(name)}
    supplier = t.has("supplier kwh", "kwh", "billed kwh")
    activity = activity_frame(
        ctx, rows, t.lines[rows], site=pd.Categorical(site.to_numpy()[rows]),
        meter_id=pd.Categorical(mprn.to_numpy()[rows]), activity_type="fuel.natural_gas",
        period_start=lo, period_end=hi, quantity=kwh[rows], unit="kWh_gross",
        status=pd.Categorical(np.where(estimated, "estimated", "actual")),
        volume=volume[rows], volume_unit=unit_text.to_numpy(dtype=object)[rows],
        calorific_value_mj_m3=cv[rows], volume_correction=vc[rows],
        supplier_kwh=(to_number(t.column(supplier))[0][rows] if supplier else np.nan),
        cost_gbp=costs(Rows(ctx))[rows],
        **{k.replace(" ", "_"): v for k, v in extras.items()})
    ctx.assume("gas kWh recomputed from volume, volume correction and calorific value on every "
               "bill (gross CV, as UK bills are)")
    return finish(ctx, "gas_bills", activity, n, "row")


def _check_bill(ctx: Context, t: object, keep: np.ndarray, kwh: np.ndarray,
                volume: np.ndarray, cv: np.ndarray, vc: np.ndarray, standard: float,
                c_cv: str) -> None:
    """Warn where the supplier's kWh, the CV or the volume correction look wrong."""
    from carbon.readers.table import RawTable

    assert isinstance(t, RawTable)
    rules = resources.read_toml("carbon.scopes", "loading_rules.toml")["gas_kwh_tolerance"]
    supplier_col = t.has("supplier kwh", "kwh", "billed kwh")
    if supplier_col:
        billed, _ = to_number(t.column(supplier_col))
        tolerance = np.maximum(float(rules["absolute_kwh"]), float(rules["relative"]) * kwh)
        off = keep & ~np.isnan(billed) & (np.abs(billed - kwh) > tolerance)
        if off.any():
            where = np.flatnonzero(off)
            ctx.warn(where, supplier_col, billed[where], pd.Series(
                [f"supplier billed {b:,.0f} kWh but the volume gives {k:,.0f} kWh"
                 + (f" (ratio {b / k:.3f})" if k else "")
                 + "; the recomputed value is stored: query the bill"
                 for b, k in zip(billed[where], kwh[where], strict=True)]))
    limits = resources.read_toml("carbon.factors", "conversions.toml")[
        "gas_calorific_value_range"]
    odd = keep & ~np.isnan(cv) & ((cv < limits["low"]) | (cv > limits["high"]))
    if odd.any():
        ctx.warn(np.flatnonzero(odd), c_cv, cv[odd], "calorific value outside the plausible "
                 f"range {limits['low']}-{limits['high']} MJ/m3")
    other = keep & (np.abs(vc - standard) > 1e-9)
    if other.any():
        ctx.warn(np.flatnonzero(other), "volume_correction", vc[other],
                 f"volume correction differs from the standard {standard}")
    del volume
