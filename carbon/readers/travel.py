"""Business travel: grey-fleet mileage, rail passenger.km, flights, per month.

Mode, vehicle size and fuel labels map to activity types through ``scopes/travel_modes.csv``
(``Battery Electric`` -> ``..._bev``; ``Unknown/Unknown`` -> average car, unknown fuel).
Flights get a band: domestic when both airports are in ``scopes/uk_airports.csv``, otherwise
short- or long-haul by distance per journey leg (``scopes/air_bands.csv``), with the travel
class (economy, business ...). Distances are stored as given: no uplift, no radiative forcing;
those are reporting-policy choices the inventory applies. A cost column [GBP] is kept as
``cost_gbp`` (:data:`carbon.readers.simple.COST_COLUMNS`). Counting unit: the row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from carbon import units
from carbon.errors import CarbonError
from carbon.readers.build import TRUST_WIDE, activity_frame, finish
from carbon.readers.dates import month_bounds
from carbon.readers.simple import Rows, costs, vocabulary
from carbon.readers.table import normalise, to_month, to_number

if TYPE_CHECKING:
    from carbon.readers.build import Context
    from carbon.readers.result import LoadResult

_FLIGHT = {"flight", "air", "plane", "air travel"}
_CLASSES = {"economy": "economy", "premium economy": "premium_economy", "business": "business",
            "first": "first", "": "average", "average": "average", "unknown": "average"}


def read(ctx: Context) -> LoadResult:
    """Read business travel (see the module docstring)."""
    r = Rows(ctx)
    months, bad = to_month(r.text("period", "month"))
    r.drop(bad, r.name("period", "month"), "not a month", "write months as yyyy-mm")
    distance, bad = to_number(r.text("distance"), ctx.options.decimal)
    r.drop(bad | np.isnan(distance), "distance", "distance not a number", "give the distance")
    r.drop(distance < 0, "distance", "negative distance", "check the claim")
    unit_text = r.text("distance unit", "unit")
    unit_dim: dict[str, str | None] = {}
    for text in unit_text.unique():
        try:
            unit_dim[text] = units.dimension_name(units.parse_unit(text))
        except CarbonError:
            unit_dim[text] = None
    dims = unit_text.map(unit_dim).to_numpy(dtype=object)
    r.drop(~np.isin(dims, ["distance", "passenger_distance"]), r.name("distance unit", "unit"),
           "unknown distance unit", "use miles, km or passenger.km")
    mode = r.text("mode")
    size = r.text("vehicle size", "size")
    fuel = r.text("fuel type", "fuel")
    table = vocabulary("carbon.scopes", "travel_modes.csv")
    known = {(normalise(m), normalise(s), normalise(f)): t for m, s, f, t in zip(
        table["mode"], table["vehicle_size"], table["fuel_type"], table["activity_type"],
        strict=True)}
    flight = mode.map(lambda m: normalise(m) in _FLIGHT).to_numpy(dtype=bool)
    types = np.array([
        "" if is_flight else known.get((normalise(m), normalise(s or "unknown"),
                                        normalise(f or "unknown")),
                                       known.get((normalise(m), "", ""), ""))
        for m, s, f, is_flight in zip(mode, size, fuel, flight, strict=True)], dtype=object)
    bands = _flight_types(ctx, r, flight, distance)
    types = np.where(flight, bands, types)
    r.drop(types == "", "mode", "no activity type for this mode, size and fuel",
           "add the labels to scopes/travel_modes.csv (flights need origin and destination "
           "IATA codes or a band column)")
    site = ctx.sites(None, "site code", default=TRUST_WIDE)
    rows = r.rows
    lo, hi = month_bounds(months[rows])
    unit = np.where(dims[rows] == "passenger_distance", unit_text.to_numpy(dtype=object)[rows],
                    unit_text.to_numpy(dtype=object)[rows])
    who = r.text("directorate", "department", "cost centre")
    activity = activity_frame(
        ctx, rows, r.table.lines[rows], site=pd.Categorical(site.to_numpy()[rows]),
        meter_id=pd.Categorical(np.where(who.to_numpy(dtype=object)[rows] != "",
                                         who.to_numpy(dtype=object)[rows], TRUST_WIDE)),
        activity_type=pd.Categorical(types[rows]), period_start=lo, period_end=hi,
        quantity=distance[rows], unit=pd.Categorical(unit), status="actual",
        record_key=pd.Categorical(r.text("claim type").to_numpy(dtype=object)[rows]),
        journeys=to_number(r.text("journeys"))[0][rows],
        travel_class=r.text("travel class", "class").to_numpy(dtype=object)[rows],
        origin=r.text("origin").to_numpy(dtype=object)[rows],
        destination=r.text("destination").to_numpy(dtype=object)[rows],
        cost_gbp=costs(r)[rows])
    ctx.assume("distances stored as given: no distance uplift and no radiative forcing "
               "(reporting-policy choices applied by the inventory)")
    if flight[rows].any():
        ctx.assume("flight band from the airports (scopes/uk_airports.csv) and the distance "
                   "per journey leg (scopes/air_bands.csv)")
    return finish(ctx, "travel", activity, r.n, "row")


def _flight_types(ctx: Context, r: Rows, flight: np.ndarray, distance: np.ndarray
                  ) -> np.ndarray:
    """``travel.air.<band>_<class>`` for flight rows (``""`` when the band is unknown)."""
    out = np.full(r.n, "", dtype=object)
    if not flight.any():
        return out
    uk = set(vocabulary("carbon.scopes", "uk_airports.csv")["iata"].str.upper())
    bands = vocabulary("carbon.scopes", "air_bands.csv")
    short_km = float(bands.loc[bands["band"] == "short_haul", "max_leg_km"].iloc[0])
    origin = r.text("origin").str.upper()
    dest = r.text("destination").str.upper()
    given = r.text("band", "flight band").map(normalise)
    legs, _ = to_number(r.text("journeys", "legs"))
    legs = np.where(np.isnan(legs) | (legs < 1), 1.0, legs)
    travel_class = r.text("travel class", "class").map(normalise)
    from carbon.taxonomy import activity_types

    keys = activity_types()
    for i in np.flatnonzero(flight):
        band = given.iloc[i].replace(" ", "_").replace("-", "_")
        if not band:
            o, d = origin.iloc[i], dest.iloc[i]
            if not (o and d):
                continue
            if o in uk and d in uk:
                band = "domestic"
            else:
                band = "short_haul" if distance[i] / legs[i] < short_km else "long_haul"
        cls = _CLASSES.get(travel_class.iloc[i], travel_class.iloc[i].replace(" ", "_"))
        key = f"travel.air.{band}_{cls}" if band != "domestic" else "travel.air.domestic_average"
        out[i] = key if key in keys else ""
    del ctx
    return out
