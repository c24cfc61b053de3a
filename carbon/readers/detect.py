"""Layout detection: recognise a file's layout from its header, or refuse and say why.

Each layout names the columns it needs (each as a set of accepted header texts). The header is
the first of the file's first :data:`HEADER_SEARCH_ROWS` rows holding all of a layout's required
columns, so title rows above the header are skipped. Detection never guesses: exactly one layout
must match; when none or several do, :class:`~carbon.errors.InputFileError` lists what is missing
or which layouts compete, and points to ``--layout`` and mapping files.
"""

from __future__ import annotations

from dataclasses import dataclass

from carbon.errors import InputFileError
from carbon.readers.sniff import Source
from carbon.readers.table import normalise

#: How far down a file the header may be.
HEADER_SEARCH_ROWS = 30

Alternatives = tuple[str, ...]


@dataclass(frozen=True)
class Layout:
    """A family of input files read by one reader module.

    Attributes
    ----------
    name : str
        Layout name (``--layout``).
    module : str
        Reader module under ``carbon.readers`` (it defines ``read(ctx)``).
    description : str
    required : tuple of tuple of str
        For each needed column, the header texts accepted for it (normalised).
    excludes : tuple of str
        Header texts whose presence rules the layout out.
    """

    name: str
    module: str
    description: str
    required: tuple[Alternatives, ...]
    excludes: tuple[str, ...] = ()

    def missing(self, names: set[str]) -> list[Alternatives]:
        """Required columns not found among normalised header ``names``."""
        return [alts for alts in self.required if not any(a in names for a in alts)]

    def matches(self, names: set[str]) -> bool:
        return not self.missing(names) and not any(e in names for e in self.excludes)


_METER = ("mpan", "mpan core", "meter id", "meter", "msid", "meter point")
LAYOUTS: dict[str, Layout] = {layout.name: layout for layout in (
    Layout("meter_schedule", "meter_schedule",
           "a trust's meter schedule: site, meter id, utility (gross internal area optional)",
           (("site code", "site"), ("meter id", "meter"), ("utility",))),
    Layout("hh_wide", "hh_wide",
           "half-hourly, one row per meter x day: 00:00..24:30 (EDF style) or HH01..HH50 columns",
           (_METER, ("settlement date", "date", "reading date", "read date", "day"),
            ("00:00", "hh01", "hh1", "p1"))),
    Layout("hh_long", "hh_long",
           "half-hourly, one row per reading: meter, timestamp, value[, status][, channel]",
           (_METER, ("timestamp", "timestamp utc", "timestamp local", "datetime", "date time",
                     "interval start", "period start", "start time", "reading time",
                     "interval end", "period end", "end time"),
            ("kwh", "wh", "kw", "kvarh", "value", "consumption", "reading value")),
           excludes=("activity type", "hh01", "00:00")),
    Layout("register_reads", "register_reads",
           "cumulative register reads: meter serial, register, read date, reading",
           (("meter serial", "serial", "meter serial number"),
            ("read date", "reading date", "date"), ("reading", "read", "register reading"))),
    Layout("gas_bills", "gas_bills",
           "gas bills: MPRN, read dates, volume (m3 or hundreds of ft3), calorific value",
           (("mprn",), ("read date from", "period from", "from"),
            ("read date to", "period to", "to"), ("units used", "volume", "units"),
            ("calorific value mj m3", "calorific value", "cv"))),
    Layout("fuel_deliveries", "fuel_deliveries",
           "oil and other fuel delivery tickets: delivery date, product, litres",
           (("delivery date",), ("product", "fuel"),
            ("litres delivered", "litres", "quantity litres"))),
    Layout("water_bills", "water_bills",
           "water bills: supply point, period, water m3 and sewage m3 (or not metered)",
           (("spid", "supply point id", "water account"), ("period from", "from"),
            ("period to", "to"), ("water supply m3", "water m3", "supply m3"))),
    Layout("waste_returns", "waste_returns",
           "waste contractor returns: month, site, stream, EWC code, disposal route, tonnes",
           (("month", "period"), ("waste stream", "stream", "waste type"),
            ("disposal route", "route", "treatment"), ("tonnes", "weight tonnes", "weight"))),
    Layout("travel", "travel",
           "business travel: period, mode, size/fuel or class, distance and distance unit",
           (("period", "month"), ("mode",), ("distance",), ("distance unit", "unit"))),
    Layout("anaesthetic_gases", "anaesthetic_gases",
           "anaesthetic agents issued: agent, quantity and unit (bottles, mL, litres of gas)",
           (("agent",), ("quantity",), ("quantity unit", "unit"))),
    Layout("inhalers", "inhalers",
           "inhalers issued or prescribed: month, product, number of inhalers",
           (("month", "period"), ("product", "presentation", "bnf name"),
            ("inhalers", "items", "inhaler count", "quantity inhalers")),
           excludes=("agent",)),
    Layout("fleet_fuel", "fleet_fuel",
           "fleet fuel-card and charge-card transactions: date, vehicle, product, quantity, unit",
           (("transaction date", "date"), ("vehicle reg", "registration", "vehicle"),
            ("product",), ("quantity",), ("unit",))),
    Layout("eric", "eric",
           "NHS ERIC / HEFS returns (site or trust level): energy, water and waste fields",
           (("organisation code", "trust code"), ("organisation name", "trust name"),
            ("commissioning region", "region", "organisation type"))),
    Layout("procurement_ledger", "procurement_ledger",
           "procurement ledger export: supplier, amount in GBP, date, category (eClass, SIC or "
           "text)",
           (("supplier", "supplier name", "vendor", "vendor name", "creditor"),
            ("amount gbp", "amount", "net amount", "amount (£)", "net value", "value gbp",
             "spend"),
            ("transaction date", "invoice date", "payment date", "posting date", "date"),
            ("eclass", "eclass code", "sic", "sic code", "category", "category code",
             "spend category", "expense type"))),
    Layout("canonical", "canonical",
           "the engine's own activity CSV (carbon.activity.write_activity_csv)",
           (("activity type",), ("period start",), ("period end",), ("quantity",),
            ("unit",))),
)}


def find_header(source: Source, layout: Layout | None, renames: dict[str, str],
                header_row: int | None = None) -> tuple[int, Layout]:
    """Find the header row and the layout of a file.

    Parameters
    ----------
    source : Source
        The file's rows.
    layout : Layout, optional
        The layout the user named; detection when ``None``.
    renames : dict
        Normalised header text -> layout column (from a mapping file).
    header_row : int, optional
        1-based line of the header, when the user gave it.

    Returns
    -------
    (index into ``source.rows``, layout)

    Raises
    ------
    InputFileError
        When no layout (or the named one) fits, or several do.
    """
    candidates = [layout] if layout is not None else list(LAYOUTS.values())
    if header_row is not None:
        if header_row not in source.lines:
            raise InputFileError(f"line {header_row} is blank or beyond the end of the file",
                                 file=source.name, fix="give the line of the column names")
        indices = [source.lines.index(header_row)]
    else:
        indices = list(range(min(HEADER_SEARCH_ROWS, len(source.rows))))
    best_missing: dict[str, list[Alternatives]] = {}
    for index in indices:
        names = {renames.get(k, k) for k in (normalise(c) for c in source.rows[index])}
        found = [c for c in candidates if c.matches(names)]
        if len(found) == 1:
            return index, found[0]
        if len(found) > 1:
            raise InputFileError(
                f"the header on line {source.lines[index]} fits several layouts: "
                + ", ".join(f.name for f in found), file=source.name,
                fix="name one with --layout")
        for c in candidates:
            missing = c.missing(names)
            if c.name not in best_missing or len(missing) < len(best_missing[c.name]):
                best_missing[c.name] = missing
    if layout is not None:
        need = "; ".join(" or ".join(repr(a) for a in alts)
                         for alts in best_missing.get(layout.name, layout.required))
        raise InputFileError(
            f"no header row with the columns layout {layout.name!r} needs (missing: {need})",
            file=source.name,
            fix="rename the columns with a mapping file (--mapping, see docs/loading.md) "
                "or give the header line with --header-row")
    near = sorted(best_missing.items(), key=lambda kv: len(kv[1]))[:3]
    hints = "; ".join(
        f"{name} lacks " + ", ".join(" or ".join(repr(a) for a in alts[:2]) for alts in miss)
        for name, miss in near)
    raise InputFileError(
        f"layout not recognised from the header (closest: {hints})", file=source.name,
        fix="name the layout with --layout and map its columns with --mapping "
            "(carbon load --list-layouts; docs/loading.md)")
