"""Fuzzing the loader with damaged files and odd layouts (hypothesis).

``tests/readers/test_conservation.py`` fills the headers of every layout with junk cells. These
properties go further, down to the bytes and up to the store:

* **damaged files**: real-shaped files (the demo trust's) truncated at any byte, with bytes
  flipped or inserted, lines repeated or dropped, re-encoded (UTF-16, Windows-1252, a BOM) or
  re-delimited;
* **odd layouts**: title rows, blank columns between the data (a merged title above them),
  thousands separators, very long cells, any Unicode (right-to-left marks, combining marks,
  emoji), ``;``, ``|`` and tab delimiters with decimal commas, and in Excel typed junk: booleans,
  error values, formulas, merged ranges;
* **through the command line into a store**: fuzzed files loaded one after another into one
  workspace; a refusal leaves the store as it was, a load adds one batch whose counts add up.

The property is always the same: the loader never fails with anything but a
:class:`~carbon.errors.CarbonError`, and rows in = rows accepted + rows quarantined. Accepted
rows also meet the canonical activity contract. CI runs :data:`EXAMPLES` examples per property
(260 in all, about 15 s); a long session sets ``CARBON_FUZZ_EXAMPLES=5000`` (examples per
property) and runs this module alone.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from carbon.activity import check_activity
from carbon.errors import CarbonError
from carbon.readers import LoadOptions, read_file

#: Examples each property runs in CI (the long session multiplies them).
EXAMPLES = {"damaged": 120, "odd_csv": 80, "odd_excel": 30, "store": 30}
LONG = int(os.environ.get("CARBON_FUZZ_EXAMPLES", "0"))
#: Lines of each demo file the damage starts from.
HEAD_LINES = 14
OPTIONS = st.fixed_dictionaries({
    "site": st.sampled_from((None, "R01")),
    "timezone": st.sampled_from((None, "UTC", "Europe/London")),
    "decimal": st.sampled_from((".", ",")),
    "fill_gaps": st.sampled_from(("none", "linear")),
})
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
WEIRD = st.sampled_from(("\u200f", "\u202e", "\u0301", "\U0001f525", "\ufeff", "\x00", "\x0b",
                         "\u2028", "\ufffd", "£", "€", "=1+1", "@SUM(A1)", '"', "'", "\\"))


def fuzz_settings(name: str) -> settings:
    return settings(max_examples=LONG or EXAMPLES[name], deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


def check(path: Path, options: dict[str, Any]) -> None:
    """The property: a CarbonError, or a result whose counts add up and whose rows are valid."""
    try:
        result = read_file(path, LoadOptions(**options))
    except CarbonError as exc:
        event(f"refused: {exc.message[:30]}")
        return
    event(f"{result.layout}: " + ("rows accepted" if result.rows_accepted else "none accepted"))
    assert result.rows_in == result.rows_accepted + result.rows_quarantined
    assert min(result.rows_accepted, result.rows_quarantined) >= 0
    if len(result.activity):
        assert check_activity(result.activity).empty
        assert result.activity["source_row"].min() >= 1


@pytest.fixture(scope="module")
def heads(demo_inputs: list[Path]) -> dict[str, bytes]:
    """The first lines of every demo file."""
    return {p.name: b"".join(p.read_bytes().splitlines(keepends=True)[:HEAD_LINES])
            for p in demo_inputs}


@st.composite
def damaged(draw: st.DrawFn, heads: dict[str, bytes]) -> bytes:
    """A demo file's head with one to four kinds of damage."""
    data = bytearray(heads[draw(st.sampled_from(sorted(heads)))])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(("cut", "flip", "insert", "lines", "encode", "delimit")))
        if kind == "cut":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == "flip" and data:
            for _ in range(draw(st.integers(1, 8))):
                data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        elif kind == "insert":
            at = draw(st.integers(0, len(data)))
            data[at:at] = draw(st.one_of(st.binary(max_size=8), WEIRD.map(str.encode)))
        elif kind == "lines":
            rows = bytes(data).splitlines(keepends=True) or [b""]
            i = draw(st.integers(0, len(rows) - 1))
            rows.insert(draw(st.integers(0, len(rows))), rows[i]) if draw(st.booleans()) \
                else rows.pop(i)
            data = bytearray(b"".join(rows))
        elif kind == "encode":
            text = bytes(data).decode("utf-8", errors="replace")
            data = bytearray(draw(st.sampled_from((
                lambda t: t.encode("utf-16"), lambda t: b"\xef\xbb\xbf" + t.encode(),
                lambda t: t.encode("cp1252", errors="replace"),
                lambda t: t.replace("\n", "\r\n").encode())))(text))
        else:
            data = data.replace(b",", draw(st.sampled_from((b";", b"\t", b"|"))))
    return bytes(data)


@fuzz_settings("damaged")
@given(st.data(), OPTIONS)
def test_damaged_files_never_crash_and_conserve_rows(heads: dict[str, bytes], data: st.DataObject,
                                                     options: dict[str, Any]) -> None:
    raw = data.draw(damaged(heads))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "damaged.csv"
        path.write_bytes(raw)
        check(path, options)


# --- odd layouts ---------------------------------------------------------------------------

LAYOUT_HEADERS = {
    "hh_long": ["meter_id", "timestamp_utc", "kwh", "status"],
    "fuel_deliveries": ["delivery_date", "site_code", "product", "litres_delivered", "note"],
    "waste_returns": ["month", "site_code", "waste_stream", "ewc_code", "disposal_route",
                      "tonnes"],
    "travel": ["period", "mode", "vehicle_size", "fuel_type", "distance", "distance_unit"],
    "gas_bills": ["site_code", "mprn", "meter_units", "read_date_from", "read_date_to",
                  "units_used", "calorific_value_mj_m3"],
}
PLAUSIBLE = {
    "meter_id": st.sampled_from(("1012345678901", "9001", "")),
    "timestamp_utc": st.sampled_from(("2024-05-01T00:00:00Z", "2024-05-01T00:30:00Z",
                                      "2024-05-01 01:00", "01/05/2024 01:30")),
    "delivery_date": st.sampled_from(("04/05/2024", "2024-05-04", "31/02/2024")),
    "month": st.sampled_from(("2024-04", "Apr-24", "April 2024")),
    "period": st.sampled_from(("2024-04", "Apr-24")),
    "read_date_from": st.sampled_from(("01/04/2024", "01/05/2024")),
    "read_date_to": st.sampled_from(("01/05/2024", "01/06/2024")),
    "product": st.sampled_from(("Gas oil (35-sec)", "Burning oil (kerosene, 28-sec)")),
    "waste_stream": st.sampled_from(("Clinical waste - infectious (orange)", "Food waste")),
    "disposal_route": st.sampled_from(("Alternative treatment", "Anaerobic digestion")),
    "mode": st.sampled_from(("Car", "National rail")),
    "meter_units": st.sampled_from(("cubic metres", "hundreds of cubic feet")),
    "distance_unit": st.sampled_from(("miles", "km", "passenger.km")),
}
NUMBER = st.one_of(st.floats(-1e6, 1e9, allow_nan=False).map(lambda x: f"{x:,.2f}"),
                   st.floats(0, 1e5, allow_nan=False).map(lambda x: f"{x:.3f}"),
                   st.integers(-10, 10**7).map(str))


def cell_for(name: str) -> st.SearchStrategy[str]:
    return PLAUSIBLE.get(name, st.one_of(NUMBER, st.sampled_from(("R01", "A", "E"))))


JUNK = st.one_of(TEXT, WEIRD, NUMBER, st.text(max_size=3).map(lambda t: t * 2000))


@st.composite
def odd_tables(draw: st.DrawFn) -> dict[str, Any]:
    layout = draw(st.sampled_from(sorted(LAYOUT_HEADERS)))
    header = list(LAYOUT_HEADERS[layout])
    blanks = draw(st.lists(st.integers(0, len(header)), max_size=2))
    rows = draw(st.lists(st.tuples(*(cell_for(h) for h in header)).map(list), min_size=1,
                         max_size=6))
    for _ in range(draw(st.integers(0, 4))):
        row = rows[draw(st.integers(0, len(rows) - 1))]
        row[draw(st.integers(0, len(row) - 1))] = draw(JUNK)
    for at in sorted(blanks, reverse=True):
        header.insert(at, "")
        for row in rows:
            row.insert(at, "")
    return {"header": header, "rows": rows,
            "titles": draw(st.lists(st.sampled_from(("Consumption report 2024/25", "Site: all",
                                                     "Exported 01/05/2024 09:00")), max_size=3)),
            "delimiter": draw(st.sampled_from((",", ";", "\t", "|"))),
            "encoding": draw(st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "cp1252")))}


@fuzz_settings("odd_csv")
@given(odd_tables(), OPTIONS)
def test_odd_csv_layouts_never_crash_and_conserve_rows(table: dict[str, Any],
                                                       options: dict[str, Any]) -> None:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=table["delimiter"], lineterminator="\r\n")
    for title in table["titles"]:
        writer.writerow([title])
    writer.writerow(table["header"])
    writer.writerows(table["rows"])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "odd.csv"
        path.write_bytes(text.getvalue().encode(table["encoding"], errors="replace"))
        check(path, options)


EXCEL_JUNK = st.sampled_from(("bool", "error", "formula", "huge", "date", "text"))


@fuzz_settings("odd_excel")
@given(odd_tables(), st.lists(EXCEL_JUNK, max_size=4), st.booleans(), OPTIONS)
def test_odd_excel_layouts_never_crash_and_conserve_rows(
        table: dict[str, Any], junk: list[str], merged: bool, options: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "odd.xlsx"
        book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": True})
        sheet = book.add_worksheet("Data")
        top = len(table["titles"])
        for line, title in enumerate(table["titles"]):
            sheet.write_string(line, 0, title)
        if merged and top:
            sheet.merge_range(0, 0, 0, 3, table["titles"][0])
        sheet.write_row(top, 0, table["header"])
        for number, row in enumerate(table["rows"], start=top + 1):
            for column, value in enumerate(row):
                sheet.write(number, column, value[:32_000])
        for n, kind in enumerate(junk):
            row, column = top + 1 + n % len(table["rows"]), n % len(table["header"])
            if kind == "bool":
                sheet.write_boolean(row, column, True)
            elif kind == "error":
                sheet.write_formula(row, column, "=1/0", None, "#DIV/0!")
            elif kind == "formula":
                sheet.write_formula(row, column, '=HYPERLINK("http://x","y")')
            elif kind in ("huge", "date"):
                sheet.write_number(row, column, 1e308 if kind == "huge" else 45413.5)
            else:
                sheet.write_string(row, column, "=cmd|' /C calc'!A0")
        book.close()
        check(path, options)


# --- through the command line, into a store -------------------------------------------------

@pytest.fixture(scope="module")
def fuzz_workspace(tmp_path_factory: pytest.TempPathFactory,
                   workspace_copy: Any) -> Path:
    return workspace_copy(tmp_path_factory.mktemp("fuzz") / "workspace")


@fuzz_settings("store")
@given(st.data())
def test_fuzzed_loads_keep_the_store_consistent(
        fuzz_workspace: Path, heads: dict[str, bytes], digest_of: Any,
        data: st.DataObject) -> None:
    import duckdb

    from carbon.cli import main

    raw = data.draw(damaged(heads))
    site = data.draw(st.sampled_from(((), ("--site", "R01"))))
    before = digest_of(fuzz_workspace)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzzed.csv"
        path.write_bytes(raw)
        try:
            main(["--workspace", str(fuzz_workspace), "load", str(path), *site])
            code: object = 0
        except SystemExit as stop:
            code = stop.code
    assert code in (0, 1), f"exit code {code}"
    after = digest_of(fuzz_workspace)
    event("refused" if code else "loaded")
    if code == 1:
        assert after == before
        return
    con = duckdb.connect(str(fuzz_workspace / "carbon.duckdb"), read_only=True)
    try:
        bad = con.execute(
            "SELECT count(*) FROM batches b WHERE rows_in <> rows_accepted + rows_quarantined "
            "OR rows_stored <> (SELECT count(*) FROM activity a WHERE a.batch_no = b.batch_no) "
            "+ (SELECT count(*) FROM activity_history h WHERE h.batch_no = b.batch_no)"
        ).fetchall()[0][0]
    finally:
        con.close()
    assert bad == 0
