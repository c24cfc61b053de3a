"""Property: whatever junk a file holds, loading never crashes and never loses a row.

Generated CSV and Excel files take the header of a random layout (in odd spellings, below title
rows, with extra columns and blank lines) and fill it with plausible and implausible cells. The
reader must either refuse the file with a :class:`~carbon.errors.CarbonError` or return a
:class:`~carbon.readers.LoadResult` whose counts add up; for layouts counted in rows (or reads),
``rows_in`` is exactly the number of data rows under the header.
"""

from __future__ import annotations

import csv
import io
import math
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from carbon.errors import CarbonError
from carbon.readers import LAYOUTS, LoadOptions, read_file

WORDS = ("", " ", "-", "A", "E", "Actual", "Estimated", "X", "AI", "RI", "RE", "kWh", "litres",
         "m3", "tonnes", "miles", "km", "Salamol", "Turbohaler", "desflurane", "Entonox",
         "Diesel (B7)", "Electricity (EV charging)", "Gas oil (35-sec)", "S01", "M1", "M2",
         "FINAL", "INITIAL", "High temperature incineration", "Clinical waste", "Landfill",
         "National rail", "Car", "Medium", "Petrol", "bottles", "hundreds of cubic feet",
         "cubic metres", "Y", "N", "R1A", "Not Applicable", "n/a", "é", '"', "#", "1,234.5",
         "12,5", "nan", "inf", "-inf", "1e999", "000123", "depot", "public network")
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%Y-%m", "%b-%y", "%d/%m/%Y %H:%M",
                "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S+01:00")
TITLES = ("Consumption report", "Exported from portal", "Site: all", "Period: 2024/25")
TIME_WORDS = ("date", "month", "period", "time", "timestamp", "from", "to", "day", "start",
              "end")

instants = st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2026, 12, 31))
dates = st.builds(lambda d, f: d.strftime(f), instants, st.sampled_from(DATE_FORMATS))
numbers = st.one_of(st.integers(-1000, 10**7).map(str),
                    st.floats(allow_nan=True, allow_infinity=True).map(repr),
                    st.floats(0, 1e4, allow_nan=False).map(lambda x: f"{x:.3f}"))
junk = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=6)
any_cell = st.one_of(st.sampled_from(WORDS), numbers, dates, junk)


def cells_for(column: str) -> st.SearchStrategy[str]:
    """Cells that fit a column most of the time, and junk otherwise."""
    if any(word in column.lower() for word in TIME_WORDS):
        return st.one_of(dates, dates, any_cell)
    if column[:1].isdigit() or column.lower().startswith(("hh", "p")):
        return st.one_of(numbers, numbers, st.sampled_from(("", "-", "x")))
    return any_cell


def spelled(name: str) -> st.SearchStrategy[str]:
    """A header name as files write it: case, underscores, padding."""
    return st.sampled_from((name, name.upper(), name.title(), name.replace(" ", "_"),
                            f" {name} "))


@st.composite
def headers(draw: st.DrawFn) -> tuple[str, list[str]]:
    layout = draw(st.sampled_from(sorted(LAYOUTS)))
    names = [draw(st.sampled_from(alternatives)) for alternatives in LAYOUTS[layout].required]
    if layout == "hh_wide":
        width = draw(st.sampled_from((1, 46, 48, 50)))
        numbered = draw(st.booleans())
        periods = ([f"hh{i:02d}" for i in range(1, width + 1)] if numbered else
                   [f"{h:02d}:{m:02d}" for h in range(25) for m in (0, 30)][:width])
        names = names[:2] + periods
        if draw(st.booleans()):
            names += [f"{p}_Act_Est" if not numbered else f"{p} status" for p in periods]
        if draw(st.booleans()):
            names.insert(1, "measurement type")
    extras = draw(st.lists(st.sampled_from(("status", "site code", "unit", "register digits",
                                            "multiplier", "read type", "read reason", "channel",
                                            "note")), max_size=3, unique=True))
    written = [draw(spelled(n)) for n in names + extras]
    return layout, written


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    layout, header = draw(headers())
    rows = draw(st.lists(st.tuples(*(cells_for(h) for h in header)), max_size=8))
    ragged = [list(r)[: len(r) - draw(st.integers(0, 2))] for r in rows]
    return {
        "layout": layout, "header": header, "rows": ragged,
        "titles": draw(st.lists(st.sampled_from(TITLES), max_size=2)),
        "blank_after": draw(st.sets(st.integers(0, 8), max_size=2)),
        "options": {"site": draw(st.sampled_from((None, "S1"))),
                    "timezone": draw(st.sampled_from((None, "UTC", "Europe/London"))),
                    "unit": draw(st.sampled_from((None, "kWh", "Wh", "kW"))),
                    "fill_gaps": draw(st.sampled_from(("none", "linear"))),
                    "layout": draw(st.sampled_from((None, layout)))},
    }


def check(path: Path, table: dict[str, Any]) -> None:
    """The property: a CarbonError, or a result whose counts add up."""
    try:
        result = read_file(path, LoadOptions(**table["options"]))
    except CarbonError as exc:
        event(f"refused: {exc.message[:40]}")
        return
    event(f"read as {result.layout}" + (" with rows accepted" if result.rows_accepted else ""))
    assert result.rows_in == result.rows_accepted + result.rows_quarantined
    assert min(result.rows_accepted, result.rows_quarantined) >= 0
    data_rows = sum(1 for r in table["rows"] if any(c.strip() for c in r))
    if result.count_unit in ("row", "read") and table["layout"] in (None, result.layout):
        assert result.rows_in == data_rows
    assert len(result.activity) == 0 or result.activity["source_row"].min() >= 2


def write_csv(folder: Path, table: dict[str, Any], delimiter: str, encoding: str) -> Path:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    for title in table["titles"]:
        writer.writerow([title])
    writer.writerow(table["header"])
    for i, row in enumerate(table["rows"]):
        writer.writerow(row)
        if i in table["blank_after"]:
            writer.writerow([])
    path = folder / "junk.csv"
    path.write_bytes(text.getvalue().encode(encoding, errors="replace"))
    return path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from((",", ";", "\t")),
       st.sampled_from(("utf-8", "utf-8-sig", "cp1252")))
def test_junk_csv_never_crashes_and_conserves_rows(table: dict[str, Any], delimiter: str,
                                                   encoding: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        check(write_csv(Path(folder), table, delimiter, encoding), table)


def typed(cell: str) -> object:
    """What a spreadsheet would hold for a cell: numbers and dates typed, the rest text."""
    try:
        return float(cell) if cell.strip().lower() not in ("nan", "inf", "-inf") else cell
    except ValueError:
        pass
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(cell, fmt).date()
        except ValueError:
            continue
    return cell


def write_xlsx(folder: Path, table: dict[str, Any]) -> Path:
    import xlsxwriter

    path = folder / "junk.xlsx"
    book = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True})
    sheet = book.add_worksheet("Data")
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    line = 0
    for title in table["titles"]:
        sheet.write_string(line, 0, title)
        line += 1
    for j, name in enumerate(table["header"]):
        sheet.write_string(line, j, name)
    for i, row in enumerate(table["rows"]):
        line += 1
        for j, cell in enumerate(row):
            value = typed(cell)
            if isinstance(value, date):
                sheet.write_datetime(line, j, datetime.combine(value, datetime.min.time()), day)
            elif isinstance(value, float) and math.isfinite(value):
                sheet.write_number(line, j, value)
            elif isinstance(value, float):  # Excel has no infinity: a user would send text
                sheet.write_string(line, j, str(cell))
            elif value != "":
                sheet.write_string(line, j, value)
        if i in table["blank_after"]:
            line += 1
    book.close()
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_junk_excel_never_crashes_and_conserves_rows(table: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        check(write_xlsx(Path(folder), table), table)


SAMPLE_ROWS = 12
#: Sample file -> options its documented load command gives (docs/loading.md).
SAMPLES = {"anaesthetic_gases.csv": {}, "fleet_fuel.csv": {}, "gas_monthly.csv": {},
           "hh_long_utc.csv": {"site": "S02"}, "hh_wide_edf_style.csv": {"site": "S01"},
           "hh_wide_hh01.csv": {"site": "S02", "timezone": "UTC"}, "meters_and_sites.csv": {},
           "oil_deliveries.csv": {}, "register_reads_electric.csv": {"site": "S03"},
           "travel.csv": {}, "waste.csv": {}, "water.csv": {}}


@pytest.fixture(scope="module")
def sample_tables(samples_dir: Path) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Header and first rows of every CSV sample."""
    out = {}
    for name in SAMPLES:
        with (samples_dir / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        out[name] = (rows[0], rows[1:SAMPLE_ROWS + 1])
    return out


@st.composite
def mutations(draw: st.DrawFn, header: list[str], rows: list[list[str]]) -> list[list[str]]:
    """The rows with cells replaced by junk, rows repeated, dropped or cut short."""
    out = [list(r) for r in rows]
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, len(out) - 1))
        j = draw(st.integers(0, len(header) - 1))
        if j < len(out[i]):
            out[i][j] = draw(st.one_of(cells_for(header[j]), any_cell))
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(("repeat", "drop", "cut")))
        i = draw(st.integers(0, len(out) - 1))
        if kind == "repeat":
            out.insert(draw(st.integers(0, len(out))), list(out[i]))
        elif kind == "drop" and len(out) > 1:
            out.pop(i)
        else:
            out[i] = out[i][: draw(st.integers(0, len(out[i])))]
    return out


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_samples_never_crash_and_conserve_rows(
        sample_tables: dict[str, tuple[list[str], list[list[str]]]], data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(SAMPLES)))
    header, rows = sample_tables[name]
    mutated = data.draw(mutations(header, rows))
    table = {"layout": None, "header": header, "rows": mutated, "titles": [],
             "blank_after": set(), "options": SAMPLES[name]}
    excel = data.draw(st.booleans())
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(Path(folder), table) if excel else write_csv(Path(folder), table, ",",
                                                                       "utf-8")
        check(path, table)
