"""The bad-input catalogue: every case of docs/bad-inputs.md, run through the command line.

:data:`CASES` is the single table behind both this test and the catalogue document. Each case
writes its input files, runs ``carbon`` in-process on a copy of a loaded workspace and checks
the outcome:

* **refused**: exit code 1 (2 for a usage error), one line on stderr that names the file and
  carries the case's fragments (row, column, value, fix), no traceback, and a store identical
  to the one before (every table compared);
* **quarantined**: exit 0, the rows in = accepted + quarantined, a quarantine record at the
  case's row with the case's reason, and the earlier batches' rows untouched;
* **loaded**, **unchanged**, **restated**: what the load summary says, checked in the store.

The behaviour column of the document is the exact message of each case; the test compares
it. After changing a message, regenerate the document with
``CARBON_UPDATE_CATALOGUE=1 pytest tests/reliability/test_bad_inputs.py``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import duckdb
import pytest
import xlsxwriter

from carbon.cli import main
from carbon.readers import limits
from carbon.store.database import STORE_FILE

Outcome = Literal["refused", "quarantined", "loaded", "unchanged", "restated"]
REPO = Path(__file__).resolve().parents[2]
DOCUMENT = REPO / "docs" / "bad-inputs.md"
MARKER = "<!-- generated from tests/reliability/test_bad_inputs.py: do not edit below -->"
UPDATE = os.environ.get("CARBON_UPDATE_CATALOGUE") == "1"
#: Number of batches in the loaded workspace (conftest.loaded_workspace).
BASE_BATCHES = 10


@dataclass(frozen=True)
class Case:
    """One bad input and the behaviour expected of the engine.

    ``files`` maps a name in the case folder to its content (text is written as UTF-8; a
    callable returns the bytes); ``{dir}`` in ``args`` is the case folder and ``{shared}`` the
    folder of valid tables (actuals, baseline) computed from the loaded workspace.
    """

    id: str
    area: str
    input: str
    args: tuple[str, ...]
    outcome: Outcome
    expect: tuple[str, ...] = ()
    files: dict[str, str | bytes | Callable[[], bytes]] = field(default_factory=dict)
    row: int | None = None
    exit_code: int | None = None
    patch: Callable[[pytest.MonkeyPatch], None] | None = None
    during: Callable[[Path], contextlib.AbstractContextManager[None]] | None = None

    @property
    def code(self) -> int:
        if self.exit_code is not None:
            return self.exit_code
        return 1 if self.outcome == "refused" else 0


# --- input builders -------------------------------------------------------------------------

HH = "meter_id,timestamp_utc,kwh,status\n"
LOCAL = "meter_id,timestamp_local,kwh\n"
WIDE = "MPAN,Date," + ",".join(f"HH{i:02d}" for i in range(1, 49)) + "\n"
EDF = "MPAN,Settlement Date," + ",".join(
    f"{h:02d}:{m:02d}" for h in range(25) for m in (0, 30)) + "\n"
READS = ("mpan_core,meter_serial,register_id,read_date,reading,read_type,register_digits,"
         "multiplier,read_reason\n")
GAS = "site_code,mprn,meter_units,read_date_from,read_date_to,units_used,calorific_value_mj_m3\n"
OIL = "delivery_date,site_code,product,litres_delivered,note\n"
LEDGER = ("transaction_id,transaction_date,supplier,description,eclass_code,category,"
          "cost_centre,amount_gbp")
WATER = "site_code,spid,period_from,period_to,water_supply_m3,sewage_metered,sewage_m3\n"
WASTE = "month,site_code,waste_stream,ewc_code,disposal_route,tonnes\n"
TRAVEL = "period,mode,vehicle_size,fuel_type,distance,distance_unit\n"
AGENTS = "month,site_code,agent,quantity,quantity_unit\n"
INHALERS = "month,product,inhalers,site code\n"
FLEET = "transaction_date,vehicle_reg,product,quantity,unit\n"
SCHEDULE = "site_code,site_name,gia_m2,utility,meter_id\n"
CANONICAL = ("organisation,site,meter_id,activity_type,period_start,period_end,quantity,unit,"
             "status,source_file,source_row,batch_id\n")
ERIC = "Organisation Code,Organisation Name,Commissioning Region,Electricity consumed (kWh)\n"
CUSTOM = "factor_id,description,activity_unit,value,source\n"
CONTRACTS = "meter_id,site,valid_from,valid_to,instrument,factor_id\n"
ACTUALS = "year,metric,footprint,value\n"
SCENARIO = '[scenario]\nid = "bad"\nname = "A bad scenario"\n'
OIL_ROW = "04/05/2024,R01,Gas oil (35-sec),1200,"


def lines(header: str, *rows: str) -> str:
    """CSV text: a header and rows."""
    return header.rstrip("\n") + "\n" + "".join(f"{row}\n" for row in rows)


def wide_row(day: str, values: int = 48, cell: str = "1.5") -> str:
    return f"1012345678901,{day}," + ",".join([cell] * values)


def workbook(rows: list[list[object]], far_cell: bool = False) -> Callable[[], bytes]:
    """An xlsx with one sheet of rows (and a stray cell at XFD1048576 if asked)."""

    def build() -> bytes:
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet("Deliveries")
        for number, row in enumerate(rows):
            sheet.write_row(number, 0, row)
        if far_cell:
            sheet.write(1_048_575, 16_383, " ")
        book.close()
        return buffer.getvalue()

    return build


DELIVERIES = [["delivery_date", "site_code", "product", "litres_delivered"],
              ["04/05/2024", "R01", "Gas oil (35-sec)", 1200]]


def truncated_workbook() -> bytes:
    data = workbook(DELIVERIES)()
    return data[: len(data) // 2]


def zip_bomb() -> bytes:
    """An xlsx-shaped zip whose sheet part is 100 MiB of zeros (about 100 KiB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            block = bytes(1 << 20)
            for _ in range(100):
                part.write(block)
    return buffer.getvalue()


def after_preview() -> bytes:
    """UTF-8-clean for 70 KB, then one Windows-1252 pound sign."""
    body = lines(OIL, *[OIL_ROW] * 2500)
    return (body + "04/05/2024,R01,Gas oil (35-sec),5,£ cash sale\n").encode("cp1252")


def demo_oil_file() -> bytes:
    """The demo's oil delivery file, byte for byte (already in the loaded workspace)."""
    from carbon.demo.files import write_oil_deliveries

    return write_oil_deliveries(Path(tempfile.mkdtemp())).read_bytes()


def corrected_export() -> bytes:
    """Two half hours of the demo's R01 meter with values other than those stored."""
    from carbon.demo.trust import SITES

    return lines(HH, f"{SITES[0].mpan},2024-05-01T00:00:00Z,7,A",
                 f"{SITES[0].mpan},2024-05-01T00:30:00Z,8,A").encode()


def smaller_limit(**changes: int) -> Callable[[pytest.MonkeyPatch], None]:
    """Lower an input limit for one case (the check is the same; the file stays small)."""

    def apply(monkeypatch: pytest.MonkeyPatch) -> None:
        lowered = replace(limits.input_limits(), **changes)
        monkeypatch.setattr(limits, "input_limits", lambda: lowered)

    return apply


def disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file write fails as on a full disk."""
    import errno

    def full(self: Path, *args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_text", full)


@contextlib.contextmanager
def store_held(workspace: Path) -> Iterator[None]:
    """Another process holds the workspace store open for writing."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
         "print('ready', flush=True); sys.stdin.read()", str(workspace / STORE_FILE)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        yield
    finally:
        holder.communicate("", timeout=30)


def newer_schema(workspace: Path) -> contextlib.AbstractContextManager[None]:
    con = duckdb.connect(str(workspace / STORE_FILE))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    return contextlib.nullcontext()


def damaged_store(workspace: Path) -> contextlib.AbstractContextManager[None]:
    (workspace / STORE_FILE).write_bytes(b"not a database " * 100)
    return contextlib.nullcontext()


# --- the catalogue --------------------------------------------------------------------------

LOAD = ("load", "{dir}/input.csv")


def load(*options: str, name: str = "input.csv") -> tuple[str, ...]:
    return ("load", f"{{dir}}/{name}", *options)


CASES: list[Case] = [
    # Files the loader cannot read at all.
    Case("empty-file", "load: any", "a CSV file of 0 bytes", LOAD, "refused",
         ("input.csv", "file is empty"), {"input.csv": ""}),
    Case("blank-lines-only", "load: any", "a CSV file of blank lines and spaces", LOAD,
         "refused", ("file is empty",), {"input.csv": "\n  \n\t\n"}),
    Case("header-only", "load: any", "an interval export with its header and no rows", LOAD,
         "refused", ("no data under the header on line 1", "Fix:"), {"input.csv": HH}),
    Case("binary-file", "load: any", "binary bytes named .csv", LOAD, "refused",
         ("input.csv", "binary file"), {"input.csv": bytes(range(256)) * 8}),
    Case("unrecognised-header", "load: detection", "a header no layout knows", LOAD, "refused",
         ("layout not recognised", "--layout"), {"input.csv": "a,b,c\n1,2,3\n"}),
    Case("ambiguous-header", "load: detection",
         "a header holding the columns of two layouts (fuel deliveries and fleet fuel)",
         LOAD, "refused", ("fits several layouts", "--layout"),
         {"input.csv": lines("delivery_date,product,litres,date,vehicle,quantity,unit",
                             "04/05/2024,Gas oil,120,04/05/2024,V1,5,litres")}),
    Case("unknown-layout-name", "load: options", "--layout nonsense",
         load("--layout", "nonsense"), "refused", ("unknown layout 'nonsense'",),
         {"input.csv": lines(OIL, OIL_ROW)}),
    Case("header-row-beyond-end", "load: options", "--header-row 99 on a 2-line file",
         load("--header-row", "99"), "refused", ("line 99",), {"input.csv": lines(OIL, OIL_ROW)}),
    Case("unknown-sheet", "load: xlsx", "--sheet Nope on a workbook without that sheet",
         load("--sheet", "Nope", name="input.xlsx"), "refused",
         ("no sheet named 'Nope'", "Deliveries"), {"input.xlsx": workbook(DELIVERIES)}),
    Case("truncated-workbook", "load: xlsx", "the first half of an xlsx file",
         load(name="input.xlsx"), "refused", ("input.xlsx", "damaged"),
         {"input.xlsx": truncated_workbook}),
    Case("zip-bomb", "load: xlsx",
         "an xlsx whose sheet expands from 100 KiB to 100 MiB (a zip bomb)",
         load(name="input.xlsx"), "refused", ("zip bomb", "not opened"),
         {"input.xlsx": zip_bomb}),
    Case("stray-far-cell", "load: xlsx",
         "a 6 KB workbook with one stray cell at XFD1048576 (17 billion cells when read)",
         load(name="input.xlsx"), "refused", ("1,048,576 rows x 16,384 columns",),
         {"input.xlsx": workbook(DELIVERIES, far_cell=True)}),
    Case("huge-file", "load: any", "a file larger than max_file_bytes (lowered to 64 KiB)",
         LOAD, "refused", ("more than the limit of 65,536",),
         {"input.csv": lines(OIL, *[OIL_ROW] * 3000)},
         patch=smaller_limit(max_file_bytes=65_536)),
    Case("cell-too-long", "load: any", "a quote never closed: the rest of a large file is one cell",
         LOAD, "refused", ("longer than 131,072 characters",),
         {"input.csv": lines(OIL, '04/05/2024,R01,"Gas oil,1200,', *[OIL_ROW] * 5000)}),
    # Encodings.
    Case("utf16-pound", "load: hh_long", "UTF-16 text with a kWh cell '£5'",
         load("--site", "R01"), "quarantined", ("'kwh'", "not a number", "'£5'"),
         {"input.csv": lines(HH, "9001,2024-05-01T00:00:00Z,5,A",
                             "9001,2024-05-01T00:30:00Z,£5,A").encode("utf-16")}, row=3),
    Case("cp1252-pound", "load: fuel_deliveries",
         "Windows-1252 text with '£' in a note (not valid UTF-8)", LOAD, "loaded",
         ("decoded as Windows-1252",),
         {"input.csv": lines(OIL, "04/05/2024,R01,Gas oil (35-sec),80,£ cash").encode("cp1252")}),
    Case("not-utf8-after-preview", "load: fuel_deliveries",
         "70 KB of UTF-8, then a Windows-1252 '£' on line 2502", LOAD, "refused",
         ("row 2502", "not utf-8 text", "--encoding"), {"input.csv": after_preview}),
    Case("wrong-declared-encoding", "load: options", "--encoding ascii on UTF-8 text with '£'",
         load("--encoding", "ascii"), "refused", ("row 2", "not ascii text", "byte 0xc2"),
         {"input.csv": lines(OIL, "04/05/2024,R01,Gas oil (35-sec),80,£ cash")}),
    Case("unknown-encoding", "load: options", "--encoding klingon", load("--encoding", "klingon"),
         "refused", ("unknown text encoding 'klingon'",), {"input.csv": lines(OIL, OIL_ROW)}),
    # Half-hourly long exports.
    Case("truncated-line", "load: hh_long", "a file cut off inside its last timestamp",
         load("--site", "R01"), "quarantined",
         ("'timestamp utc'", "not a date and time", "'2024-05-01T00:3'"),
         {"input.csv": HH + "9001,2024-05-01T00:00:00Z,5,A\n9001,2024-05-01T00:3"}, row=3),
    Case("negative-kwh", "load: hh_long", "kWh -5 on an import meter", load("--site", "R01"),
         "quarantined", ("'quantity'", "negative quantity"),
         {"input.csv": lines(HH, "9001,2024-05-01T00:00:00Z,-5,A")}, row=2),
    Case("non-numeric-kwh", "load: hh_long", "kWh 'abc'", load("--site", "R01"), "quarantined",
         ("'kwh'", "not a number", "'abc'"),
         {"input.csv": lines(HH, "9001,2024-05-01T00:00:00Z,abc,A")}, row=2),
    Case("impossible-date", "load: hh_long", "timestamp 2024-02-30T00:00:00Z",
         load("--site", "R01"), "quarantined", ("not a date and time", "2024-02-30"),
         {"input.csv": lines(HH, "9001,2024-02-30T00:00:00Z,5,A")}, row=2),
    Case("dst-gap", "load: hh_long", "local time 01:30 on 31/03/2024 (clocks go forward)",
         load("--site", "R01", "--timezone", "Europe/London"), "quarantined",
         ("local time does not exist",),
         {"input.csv": lines(LOCAL, "9001,2024-03-31 01:30,5")}, row=2),
    Case("dst-overlap", "load: hh_long", "local time 01:30 on 27/10/2024 (occurs twice)",
         load("--site", "R01", "--timezone", "Europe/London"), "quarantined",
         ("ambiguous local time",), {"input.csv": lines(LOCAL, "9001,2024-10-27 01:30,5")},
         row=2),
    Case("no-time-basis", "load: hh_long", "timestamps without an offset and no --timezone",
         load("--site", "R01"), "refused", ("no UTC offset", "--timezone"),
         {"input.csv": lines(LOCAL, "9001,2024-05-01 00:30,5")}),
    Case("duplicate-conflict", "load: hh_long", "one half hour given twice, 5 and 6 kWh",
         load("--site", "R01"), "quarantined", ("conflicting duplicate",),
         {"input.csv": lines(HH, "9001,2024-05-01T00:00:00Z,5,A",
                             "9001,2024-05-01T00:00:00Z,6,A")}, row=3),
    Case("duplicate-identical", "load: hh_long", "one half hour given twice with the same value",
         load("--site", "R01"), "quarantined", ("identical duplicate of line 2",),
         {"input.csv": lines(HH, "9001,2024-05-01T00:00:00Z,5,A",
                             "9001,2024-05-01T00:00:00Z,5,A")}, row=3),
    Case("off-half-hour", "load: hh_long", "a reading at 00:10", load("--site", "R01"),
         "quarantined", ("not on a half-hour boundary",),
         {"input.csv": lines(HH, "9001,2024-05-01T00:10:00Z,5,A")}, row=2),
    Case("unknown-meter", "load: hh_long", "a meter not in the schedule and no --site", LOAD,
         "quarantined", ("not in the meter schedule", "--site"),
         {"input.csv": lines(HH, "9001,2024-05-01T00:00:00Z,5,A")}, row=2),
    Case("mixed-offsets", "load: hh_long",
         "'+01' offsets mixed with plain UTC times (pandas refuses the column)",
         load("--site", "R01"), "loaded", ("rows in", "2 = 2 accepted"),
         {"input.csv": lines(HH, "9001,2024-05-01T01:00:00+01,5,A",
                             "9001,2024-05-01T00:30:00,5,A")}),
    Case("wrong-dimension-unit", "load: hh_long", "--unit litres for interval energy",
         load("--site", "R01", "--unit", "litres"), "refused",
         ("cannot convert litre (volume) to kilowatt_hour (energy)", "--unit"),
         {"input.csv": lines(HH, "9001,2024-05-01T00:00:00Z,5,A")}),
    Case("hostile-unit", "load: hh_long", "--unit '__import__(\"os\").system(\"id\")'",
         load("--site", "R01", "--unit", '__import__("os").system("id")'), "refused",
         ("not a unit expression", "unexpected character"),
         {"input.csv": lines(HH, "9001,2024-05-01T00:00:00Z,5,A")}),
    # Half-hourly wide exports.
    Case("wide-conflicting-day", "load: hh_wide", "one day twice with different values",
         load("--site", "R01", "--timezone", "UTC"), "quarantined", ("conflicting duplicate",),
         {"input.csv": lines(WIDE, wide_row("01/05/2024"), wide_row("01/05/2024", cell="2"))},
         row=3),
    Case("wide-impossible-date", "load: hh_wide", "a day row dated 31/02/2024",
         load("--site", "R01", "--timezone", "UTC"), "quarantined", ("31/02/2024",),
         {"input.csv": lines(WIDE, wide_row("31/02/2024"))}, row=2),
    Case("wide-clock-change", "load: hh_wide",
         "48 values on 31/03/2024, a 46-period local day (clocks go forward)",
         load("--site", "R01"), "quarantined", ("46 settlement periods", "48 values"),
         {"input.csv": lines(EDF, wide_row("31-03-2024"))}, row=2),
    Case("wide-no-time-basis", "load: hh_wide", "HH01..HH48 columns and no --timezone",
         load("--site", "R01"), "refused", ("--timezone UTC",),
         {"input.csv": lines(WIDE, wide_row("01/05/2024"))}),
    # Bills, returns and other layouts.
    Case("register-not-a-number", "load: register_reads", "reading 'abc'",
         load("--site", "R01"), "quarantined", ("reading is not a number",),
         {"input.csv": lines(READS, "1,E1,1,01/04/2024,1000,A,6,1,R",
                             "1,E1,1,01/05/2024,abc,A,6,1,R")}, row=3),
    Case("gas-unknown-unit", "load: gas_bills", "meter units 'furlongs'", LOAD, "quarantined",
         ("unknown or wrong meter unit", "furlongs"),
         {"input.csv": lines(GAS, "R01,1,furlongs,01/04/2024,01/05/2024,100,39.5")}, row=2),
    Case("gas-reversed-period", "load: gas_bills", "a bill ending before it starts", LOAD,
         "quarantined", ("period ends before it starts",),
         {"input.csv": lines(GAS, "R01,1,cubic metres,01/07/2024,01/06/2024,100,39.5")}, row=2),
    Case("gas-negative-volume", "load: gas_bills", "units used -100", LOAD, "quarantined",
         ("negative volume",),
         {"input.csv": lines(GAS, "R01,1,cubic metres,01/04/2024,01/05/2024,-100,39.5")},
         row=2),
    Case("oil-unknown-product", "load: fuel_deliveries", "product 'Unobtainium'", LOAD,
         "quarantined", ("unknown fuel product",),
         {"input.csv": lines(OIL, "04/05/2024,R01,Unobtainium,100,")}, row=2),
    Case("oil-decimal-comma", "load: fuel_deliveries",
         "litres '12,5' in a decimal-point file (never read as 125)", LOAD, "quarantined",
         ("litres not a number", "12,5"),
         {"input.csv": lines(OIL, '04/05/2024,R01,Gas oil (35-sec),"12,5",')}, row=2),
    Case("water-unclear-flag", "load: water_bills", "sewage_metered 'maybe'", LOAD,
         "quarantined", ("sewage_metered is not Y or N",),
         {"input.csv": lines(WATER, "R01,S1,01/05/2024,31/05/2024,100,maybe,80")}, row=2),
    Case("ledger-amount-text", "load: procurement_ledger", "a ledger amount 'twelve'", LOAD,
         "quarantined", ("amount is not a number",),
         {"input.csv": lines(LEDGER, "INV-1,01/05/2024,Acme,Gloves,,Medical consumables,CC1,"
                                     "120.00", "INV-2,02/05/2024,Acme,Gloves,,Medical "
                                     "consumables,CC1,twelve")}, row=3),
    Case("waste-unknown-route", "load: waste_returns",
         "disposal route 'Launch into sun' (no activity type)", LOAD, "quarantined",
         ("no activity type for this stream and route",),
         {"input.csv": lines(WASTE, "2024-04,R01,Kryptonite,00,Launch into sun,1")}, row=2),
    Case("waste-impossible-month", "load: waste_returns", "month 2024-13", LOAD, "quarantined",
         ("not a month",),
         {"input.csv": lines(WASTE, "2024-13,R01,Clinical waste - infectious (orange),"
                                    "18 01 03*,Alternative treatment,1")}, row=2),
    Case("travel-wrong-dimension", "load: travel", "a car journey measured in litres", LOAD,
         "quarantined", ("unknown distance unit", "litres"),
         {"input.csv": lines(TRAVEL, "2024-04,Car,Small,Petrol,100,litres")}, row=2),
    Case("travel-unknown-mode", "load: travel", "mode 'Hovercraft'", LOAD, "quarantined",
         ("no activity type for this mode",),
         {"input.csv": lines(TRAVEL, "2024-04,Hovercraft,,,100,km")}, row=2),
    Case("agent-unknown", "load: anaesthetic_gases", "agent 'xenon'", LOAD, "quarantined",
         ("unknown anaesthetic agent",),
         {"input.csv": lines(AGENTS, "2024-04,R01,xenon,2,kg")}, row=2),
    Case("agent-wrong-unit", "load: anaesthetic_gases", "sevoflurane measured in kWh", LOAD,
         "quarantined", ("unknown quantity unit",),
         {"input.csv": lines(AGENTS, "2024-04,R01,sevoflurane,2,kWh")}, row=2),
    Case("inhaler-unknown-product", "load: inhalers", "product 'Mystery inhaler'", LOAD,
         "quarantined", ("no inhaler class for product",),
         {"input.csv": lines(INHALERS, "2024-04,Mystery inhaler,3,R01")}, row=2),
    Case("fleet-wrong-dimension", "load: fleet_fuel", "diesel measured in kWh", LOAD,
         "quarantined", ("has dimension energy",),
         {"input.csv": lines(FLEET, "01/04/2024,V1,Diesel (B7),50,kWh")}, row=2),
    Case("schedule-negative-area", "load: meter_schedule", "gross internal area -5 m2", LOAD,
         "quarantined", ("floor area is not a positive number", "'-5'"),
         {"input.csv": lines(SCHEDULE, "R07,Annexe,-5,electricity,M7")}, row=2),
    Case("eric-unknown-trust", "load: eric", "--trust RXX absent from the return",
         load("--trust", "RXX", name="eric-2016-17.csv"), "refused",
         ("no rows for organisation 'RXX'",),
         {"eric-2016-17.csv": lines(ERIC, "R1A,A Trust,London,1000")}),
    Case("canonical-unknown-type", "load: canonical", "activity type 'electricity.nuclear'",
         LOAD, "quarantined", ("'activity_type'", "electricity.nuclear"),
         {"input.csv": lines(CANONICAL, "RZZ,R01,M1,electricity.nuclear,2024-04-01T00:00Z,"
                                        "2024-05-01T00:00Z,5,kWh,actual,f,2,b")}, row=2),
    Case("canonical-wrong-dimension", "load: canonical", "grid electricity in litres", LOAD,
         "quarantined", ("'unit'", "litres"),
         {"input.csv": lines(CANONICAL, "RZZ,R01,M1,electricity.grid,2024-04-01T00:00Z,"
                                        "2024-05-01T00:00Z,5,litres,actual,f,2,b")}, row=2),
    Case("canonical-end-before-start", "load: canonical", "period_end before period_start",
         LOAD, "quarantined", ("period_end",),
         {"input.csv": lines(CANONICAL, "RZZ,R01,M1,electricity.grid,2024-05-01T00:00Z,"
                                        "2024-04-01T00:00Z,5,kWh,actual,f,2,b")}, row=2),
    # Mapping files.
    Case("mapping-not-toml", "load: --mapping", "a mapping file with a broken table header",
         ("load", "{dir}/input.csv", "--mapping", "{dir}/map.toml"), "refused",
         ("map.toml", "cannot read the mapping file"),
         {"input.csv": lines(OIL, OIL_ROW), "map.toml": 'layout = "hh_long"\n[columns\n'}),
    Case("mapping-unknown-key", "load: --mapping", "a misspelt key 'columnz'",
         ("load", "{dir}/input.csv", "--mapping", "{dir}/map.toml"), "refused",
         ("unknown keys ['columnz']",),
         {"input.csv": lines(OIL, OIL_ROW), "map.toml": 'layout = "hh_long"\ncolumnz = {}\n'}),
    Case("mapping-bad-option", "load: --mapping", "timezone 'Mars/Olympus' in [options]",
         ("load", "{dir}/input.csv", "--mapping", "{dir}/map.toml"), "refused",
         ("options.timezone", "Mars/Olympus"),
         {"input.csv": lines(OIL, OIL_ROW),
          "map.toml": 'layout = "hh_long"\n[options]\ntimezone = "Mars/Olympus"\n'}),
    # The store.
    Case("reload-same-file", "load: store", "a file loaded a second time", LOAD, "unchanged",
         ("already loaded",), {"input.csv": demo_oil_file}),
    Case("restatement", "load: store",
         "a corrected export giving other values for half hours already stored", LOAD,
         "restated", ("restating 2 rows",), {"input.csv": corrected_export}),
    Case("store-busy", "load: store", "another process writing the store (--wait 0.5)",
         load("--wait", "0.5"), "refused", ("in use by another carbon process", "--wait"),
         {"input.csv": lines(OIL, OIL_ROW)}, during=store_held),
    Case("store-newer-schema", "load: store", "a store written by a newer carbon (schema 99)",
         LOAD, "refused", ("schema 99",), {"input.csv": lines(OIL, OIL_ROW)},
         during=newer_schema),
    Case("store-damaged", "load: store", "carbon.duckdb overwritten with junk", LOAD, "refused",
         ("cannot be opened", "backup"), {"input.csv": lines(OIL, OIL_ROW)},
         during=damaged_store),
    # Outputs.
    Case("out-folder-missing", "any --out", "--out into a folder that does not exist",
         ("batches", "--format", "csv", "--out", "{dir}/missing/batches.csv"), "refused",
         ("missing/batches.csv", "create the folder first")),
    Case("out-disk-full", "any --out", "the disk fills while --out is written",
         ("batches", "--format", "csv", "--out", "{dir}/batches.csv"), "refused",
         ("No space left on device", "nothing was written"), patch=disk_full),
    # Factors.
    Case("custom-negative-factor", "inventory --custom", "a custom factor of -0.2",
         ("inventory", "--year", "2024/25", "--custom", "{dir}/custom.csv"), "refused",
         ("custom.csv, row 2, column 'value'", "finite number >= 0"),
         {"custom.csv": lines(CUSTOM, "supplier/green/kwh,Green tariff,kWh,-0.2,contract")}),
    Case("custom-missing-column", "inventory --custom", "a custom factor CSV without 'source'",
         ("inventory", "--year", "2024/25", "--custom", "{dir}/custom.csv"), "refused",
         ("column 'source'", "required column is missing"),
         {"custom.csv": "factor_id,description,activity_unit,value\na/b,x,kWh,0.2\n"}),
    Case("custom-duplicate-id", "inventory --custom", "one factor id on two rows",
         ("inventory", "--year", "2024/25", "--custom", "{dir}/custom.csv"), "refused",
         ("row 3", "duplicate id (first on row 2)"),
         {"custom.csv": lines(CUSTOM, "a/b,x,kWh,0.2,me", "a/b,y,kWh,0.3,me")}),
    Case("custom-bad-unit", "inventory --custom", "activity unit 'kWh/fortnight'",
         ("inventory", "--year", "2024/25", "--custom", "{dir}/custom.csv"), "refused",
         ("column 'activity_unit'", "kWh/fortnight"),
         {"custom.csv": lines(CUSTOM, "a/b,x,kWh/fortnight,0.2,me")}),
    Case("custom-not-co2e", "inventory --custom", "numerator unit kWh (not a mass of CO2e)",
         ("inventory", "--year", "2024/25", "--custom", "{dir}/custom.csv"), "refused",
         ("not a mass of CO2e",),
         {"custom.csv": "factor_id,description,activity_unit,value,source,numerator_unit\n"
                        "a/b,x,kWh,0.2,me,kWh\n"}),
    Case("custom-empty", "inventory --custom", "an empty custom factor CSV",
         ("inventory", "--year", "2024/25", "--custom", "{dir}/custom.csv"), "refused",
         ("custom.csv", "cannot read the CSV"), {"custom.csv": ""}),
    Case("import-bad-set-name", "factors import", "--name '../../evil' (a path, not a set id)",
         ("factors", "import", "{dir}/custom.csv", "--name", "../../evil"), "refused",
         ("invalid set metadata", "--name supplier:2024-25"),
         {"custom.csv": lines(CUSTOM, "a/b,x,kWh,0.2,me")}),
    Case("import-not-importable", "factors import", "a CSV that is no factor table",
         ("factors", "import", "{dir}/other.csv", "--name", "x:1"), "refused",
         ("not a file carbon can import",), {"other.csv": "a,b\n1,2\n"}),
    Case("unknown-factor-id", "factors show", "a factor id with a typo",
         ("factors", "show", "uk-electricity/generationx"), "refused",
         ("'uk-electricity/generationx' is not in", "carbon factors search")),
    Case("unknown-residual-factor", "inventory --residual", "--residual no/such",
         ("inventory", "--year", "2024/25", "--residual", "no/such"), "refused",
         ("factor 'no/such' is not in",)),
    # Contract tables (market-based Scope 2).
    Case("contracts-missing-column", "inventory --contracts", "no 'instrument' column",
         ("inventory", "--year", "2024/25", "--contracts", "{dir}/contracts.csv"), "refused",
         ("lacks columns ['instrument']",),
         {"contracts.csv": "meter_id,site,factor_id,valid_from,valid_to\n"
                           "M1,,a/b,2024-04-01,2025-03-31\n"}),
    Case("contracts-reversed", "inventory --contracts", "valid_to before valid_from",
         ("inventory", "--year", "2024/25", "--contracts", "{dir}/contracts.csv"), "refused",
         ("row 2", "valid_to is before valid_from"),
         {"contracts.csv": lines(CONTRACTS, "M1,,2025-03-31,2024-04-01,REGO,a/b")}),
    Case("contracts-overlap", "inventory --contracts", "two instruments on one meter and day",
         ("inventory", "--year", "2024/25", "--contracts", "{dir}/contracts.csv"), "refused",
         ("two instruments cover the same supply",),
         {"contracts.csv": lines(CONTRACTS, "M1,,2024-04-01,2025-03-31,REGO,a/b",
                                 "M1,,2024-06-01,2024-12-31,PPA,a/c")}),
    Case("contracts-empty", "inventory --contracts", "an empty contract table",
         ("inventory", "--year", "2024/25", "--contracts", "{dir}/contracts.csv"), "refused",
         ("cannot read the contract table",), {"contracts.csv": ""}),
    # Scenario files.
    Case("scenario-not-toml", "scenario run", "a scenario file with a broken table header",
         ("scenario", "run", "{dir}/s.toml", "--baseline", "{shared}/baseline.csv"), "refused",
         ("s.toml", "not valid TOML"), {"s.toml": "[scenario\n"}),
    Case("scenario-misspelt-key", "scenario run", "'endd' instead of 'end'",
         ("scenario", "run", "{dir}/s.toml", "--baseline", "{shared}/baseline.csv"), "refused",
         ("'scenario.endd'", "misspelt key"), {"s.toml": SCENARIO + 'endd = "2030/31"\n'}),
    Case("scenario-share-over-one", "scenario run", "an intervention reducing by 1.5 (150%)",
         ("scenario", "run", "{dir}/s.toml", "--baseline", "{shared}/baseline.csv"), "refused",
         ("intervention 1 (led).reduction", "0.25 means 25%"),
         {"s.toml": SCENARIO + '[[intervention]]\nid = "led"\nkind = "efficiency"\n'
                               'activity = "electricity.grid"\nreduction = 1.5\n'
                               'start = "2025/26"\n'}),
    Case("scenario-unknown-kind", "scenario run", "intervention kind 'magic'",
         ("scenario", "run", "{dir}/s.toml", "--baseline", "{shared}/baseline.csv"), "refused",
         ("use one of the kinds",),
         {"s.toml": SCENARIO + '[[intervention]]\nid = "m"\nkind = "magic"\n'}),
    Case("scenario-not-utf8", "scenario run", "a scenario file in UTF-16",
         ("scenario", "run", "{dir}/s.toml", "--baseline", "{shared}/baseline.csv"), "refused",
         ("not UTF-8 text",), {"s.toml": SCENARIO.encode("utf-16")}),
    Case("scenario-missing", "scenario run", "a scenario that is neither a file nor a preset",
         ("scenario", "run", "no-such-scenario", "--baseline", "{shared}/baseline.csv"),
         "refused", ("no scenario file or preset 'no-such-scenario'",)),
    # Targets and actuals.
    Case("target-unknown", "trajectory", "--target no-such-target",
         ("trajectory", "--target", "no-such-target", "--actuals", "{shared}/actuals.csv"),
         "refused", ("unknown target preset 'no-such-target'", "carbon targets")),
    Case("target-in-scenario-unknown", "scenario run", "a scenario checking an unknown target",
         ("scenario", "run", "{dir}/s.toml", "--baseline", "{shared}/baseline.csv"), "refused",
         ("unknown target preset 'no-such-target'",),
         {"s.toml": SCENARIO + '[[target]]\npreset = "no-such-target"\n'}),
    Case("target-calendar-base-year", "trajectory", "--base-year 2019 (a calendar year)",
         ("trajectory", "--base-year", "2019", "--actuals", "{shared}/actuals.csv"), "refused",
         ("financial year such as '2019/20'",)),
    Case("target-base-after-milestones", "trajectory", "--base-year 2031/32, after the "
         "milestones", ("trajectory", "--base-year", "2031/32", "--actuals",
                        "{shared}/actuals.csv"), "refused", ("cannot apply from 2031/32",)),
    Case("target-negative-tolerance", "trajectory", "--tolerance -1",
         ("trajectory", "--base-year", "2019/20", "--tolerance", "-1", "--actuals",
          "{shared}/actuals.csv"), "refused", ("column 'tolerance'", "fraction")),
    Case("actuals-not-a-number", "trajectory --actuals", "a value 'abc'",
         ("trajectory", "--base-year", "2019/20", "--actuals", "{dir}/actuals.csv"), "refused",
         ("row 2, column 'value'", "'abc'"),
         {"actuals.csv": lines(ACTUALS, "2019/20,tco2e,nhs_carbon_footprint,abc")}),
    Case("actuals-empty", "trajectory --actuals", "an empty actuals file",
         ("trajectory", "--base-year", "2019/20", "--actuals", "{dir}/actuals.csv"), "refused",
         ("cannot read the table",), {"actuals.csv": ""}),
    # Report settings.
    Case("report-toml-invalid", "report", "report.toml with a value missing",
         ("report", "--year", "2024/25", "--out", "{dir}/report.html"), "refused",
         ("report.toml", "not valid UTF-8 TOML"), {"workspace/report.toml": "organisation =\n"}),
    Case("report-toml-misspelt", "report", "report.toml with 'base_yaer'",
         ("report", "--year", "2024/25", "--out", "{dir}/report.html"), "refused",
         ("column 'base_yaer'", "misspelt key"),
         {"workspace/report.toml": 'organisation = "X"\nbase_yaer = "2019/20"\n'}),
    Case("report-toml-not-utf8", "report", "report.toml in Windows-1252 with '£'",
         ("report", "--year", "2024/25", "--out", "{dir}/report.html"), "refused",
         ("report.toml", "utf-8"),
         {"workspace/report.toml": 'organisation = "£ Trust"\nbase_year = "2019/20"\n'
                                   .encode("cp1252")}),
    Case("report-toml-calendar-year", "report", "report.toml base_year = '2019'",
         ("report", "--year", "2024/25", "--out", "{dir}/report.html"), "refused",
         ("column 'base_year'", "financial year"),
         {"workspace/report.toml": 'organisation = "X"\nbase_year = "2019"\n'}),
    Case("report-year-without-data", "report", "--year 2030/31 (no activity)",
         ("report", "--year", "2030/31", "--out", "{dir}/report.html"), "refused",
         ("no activity for the reporting year",)),
    # Other commands.
    Case("year-label", "inventory", "--year 2024/13", ("inventory", "--year", "2024/13"),
         "refused", ("two consecutive years",)),
    Case("activity-impossible-date", "validate", "an activity CSV dated 2024-13-01",
         ("validate", "{dir}/activity.csv"), "refused",
         ("row 2, column 'period_start'", "2024-13-01"),
         {"activity.csv": lines(CANONICAL, "RZZ,R01,M1,electricity.grid,2024-13-01T00:00Z,"
                                           "2024-05-01T00:00Z,5,kWh,actual,f,2,b")}),
    Case("units-wrong-dimension", "units convert", "5 kWh to litres",
         ("units", "convert", "5", "kWh", "litres"), "refused", ("cannot convert",)),
    Case("units-exponent", "units parse", "'kWh**99'", ("units", "parse", "kWh**99"), "refused",
         ("exponent 99 is out of range",)),
    Case("missing-input-file", "any FILE", "a path that does not exist",
         ("load", "{dir}/absent.csv"), "refused", ("does not exist",), exit_code=2),
]


# --- running a case -------------------------------------------------------------------------

@dataclass
class Result:
    """What running a case gave."""

    code: int
    out: str
    err: str
    message: str = ""


def run_cli(args: list[str]) -> Result:
    """Run ``carbon`` in-process and capture its exit code and output."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(args)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return Result(code, out.getvalue(), err.getvalue())


def normalised(text: str, folder: Path) -> str:
    return " ".join(text.replace(str(folder), "<dir>").split())


def quarantine_record(workspace: Path, row: int | None) -> tuple[str, dict[str, int]]:
    """The new batch's quarantine record at ``row`` as text, and its counts."""
    con = duckdb.connect(str(workspace / STORE_FILE), read_only=True)
    try:
        batch = con.execute("SELECT batch_no, rows_in, rows_accepted, rows_quarantined, "
                            "rows_stored FROM batches ORDER BY batch_no DESC LIMIT 1").fetchall()[0]
        counts = dict(zip(("batch_no", "rows_in", "accepted", "quarantined", "stored"), batch,
                          strict=True))
        counts["stored_now"] = con.execute("SELECT count(*) FROM activity WHERE batch_no = ?",
                                           [batch[0]]).fetchall()[0][0]
        record = con.execute('SELECT "column", value, reason, fix FROM quarantine '
                             "WHERE batch_no = ? AND source_row = ?", [batch[0], row]).fetchall()
    finally:
        con.close()
    assert record, f"no quarantine record for row {row}"
    column, value, reason, fix = record[0]
    return f"row {row}, column {column!r}: {reason} (got {value!r}). Fix: {fix}", counts


def old_rows(workspace: Path) -> tuple[int, int]:
    """Count and hash of the loaded workspace's own activity rows (current and restated)."""
    con = duckdb.connect(str(workspace / STORE_FILE), read_only=True)
    try:
        sql = ("SELECT count(*), sum(hash(batch_no, series_id, period_start, quantity)) FROM "
               "(SELECT batch_no, series_id, period_start, quantity FROM activity UNION ALL "
               "SELECT batch_no, series_id, period_start, quantity FROM activity_history) "
               f"WHERE batch_no <= {BASE_BATCHES}")
        count, total = con.execute(sql).fetchall()[0]
        return int(count), int(total)
    finally:
        con.close()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


@dataclass(frozen=True)
class Setting:
    """Where a case runs and what it is compared with."""

    folder: Path
    workspace: Path
    shared: Path
    digest: Callable[[Path], dict[str, tuple[int, int]]]
    loaded: dict[str, tuple[int, int]]
    base_rows: tuple[int, int]


def run_case(case: Case, at: Setting, monkeypatch: pytest.MonkeyPatch) -> Result:
    """Write the case's files, run it and check its outcome; returns its message."""
    for name, content in case.files.items():
        data = content() if callable(content) else content
        (at.folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    args = ["--workspace", str(at.workspace),
            *(a.replace("{dir}", str(at.folder)).replace("{shared}", str(at.shared))
              for a in case.args)]
    store = at.workspace / STORE_FILE
    with case.during(at.workspace) if case.during else contextlib.nullcontext():
        before = file_hash(store)
        if case.patch:
            case.patch(monkeypatch)
        result = run_cli(args)
        monkeypatch.undo()
        after = file_hash(store)
    assert result.code == case.code, result.err or result.out
    assert "Traceback" not in result.err
    if case.outcome == "refused":
        message = [line for line in result.err.splitlines()
                   if line.startswith(("carbon: error: ", "Error: "))]
        assert len(message) == 1 and (case.code == 2 or result.err.count("\n") == 1), result.err
        result.message = normalised(message[0], at.folder)
        assert after == before, "the store file changed"
        if case.during is None:
            assert at.digest(at.workspace) == at.loaded
        assert not list(at.folder.rglob(".*.tmp*")), "a temporary file was left behind"
    elif case.outcome == "quarantined":
        result.message, counts = quarantine_record(at.workspace, case.row)
        assert counts["rows_in"] == counts["accepted"] + counts["quarantined"]
        assert counts["stored_now"] == counts["stored"]
        assert f"{counts['quarantined']:,} quarantined" in result.out
        assert old_rows(at.workspace) == at.base_rows
    else:
        found = [line for line in result.out.splitlines() if case.expect[0] in line]
        assert found, result.out
        result.message = normalised(found[0], at.folder)
        if case.outcome == "unchanged":
            assert at.digest(at.workspace) == at.loaded
        elif case.outcome == "restated":
            assert_restated(at.workspace, at.base_rows)
    for fragment in case.expect:
        assert fragment in result.message, (fragment, result.message)
    return result


def assert_restated(workspace: Path, base_rows: tuple[int, int]) -> None:
    """The restated rows moved to history whole; the new values are the current ones."""
    con = duckdb.connect(str(workspace / STORE_FILE), read_only=True)
    try:
        moved = con.execute("SELECT count(*) FROM activity_history WHERE batch_no <= ?",
                            [BASE_BATCHES]).fetchall()[0][0]
        current = con.execute(
            f"SELECT quantity FROM activity WHERE batch_no = {BASE_BATCHES + 1} "
            "ORDER BY period_start").fetchall()
    finally:
        con.close()
    assert moved == 2 and [q for (q,) in current] == [7.0, 8.0]
    assert old_rows(workspace) == base_rows


# --- the document ---------------------------------------------------------------------------

BEHAVIOUR = {"refused": "refused", "quarantined": "quarantined", "loaded": "loaded, stated",
             "unchanged": "nothing changes", "restated": "restated, history kept"}
OBSERVED: dict[str, str] = {}


def table_row(case: Case, message: str) -> str:
    cells = [f"`{case.id}`", case.area, case.input,
             f"{BEHAVIOUR[case.outcome]}: `{message}`", str(case.code)]
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def documented() -> dict[str, str]:
    """Case id -> its row in docs/bad-inputs.md."""
    text = DOCUMENT.read_text(encoding="utf-8").split(MARKER, 1)[-1]
    return {m.group(1): m.group(0) for m in re.finditer(r"^\| `([^`]+)` \|.*$", text, re.M)}


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, loaded_workspace: Path) -> Path:
    """Valid annual actuals and a projection baseline of the loaded workspace."""
    from carbon.pipeline import workspace_actuals, workspace_baseline

    folder = tmp_path_factory.mktemp("shared")
    workspace_actuals(loaded_workspace).to_csv(folder / "actuals.csv", index=False)
    workspace_baseline(loaded_workspace)[0].to_csv(folder / "baseline.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def base_rows(loaded_workspace: Path) -> tuple[int, int]:
    return old_rows(loaded_workspace)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, shared: Path, base_rows: tuple[int, int],
                   loaded_digest: dict[str, tuple[int, int]],
                   digest_of: Callable[[Path], dict[str, tuple[int, int]]],
                   workspace_copy: Callable[[Path], Path],
                   monkeypatch: pytest.MonkeyPatch) -> None:
    at = Setting(folder=tmp_path, workspace=workspace_copy(tmp_path / "workspace"),
                 shared=shared, digest=digest_of, loaded=loaded_digest, base_rows=base_rows)
    result = run_case(case, at, monkeypatch)
    row = table_row(case, result.message)
    OBSERVED[case.id] = row
    if not UPDATE:
        assert documented().get(case.id) == row, (
            "docs/bad-inputs.md differs from the behaviour: regenerate it with "
            "CARBON_UPDATE_CATALOGUE=1 pytest tests/reliability/test_bad_inputs.py")


def test_catalogue_document_lists_every_case_once() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)) >= 40
    assert {c.area.split(":")[0] for c in CASES} >= {"load", "inventory --custom", "scenario run",
                                                     "trajectory", "report", "factors import"}
    layouts = {c.area.split(": ")[1] for c in CASES if c.area.startswith("load: ")}
    from carbon.readers import LAYOUTS

    assert set(LAYOUTS) <= layouts, set(LAYOUTS) - layouts
    if UPDATE:
        assert set(OBSERVED) == set(ids), "run the whole module to regenerate the catalogue"
        head = DOCUMENT.read_text(encoding="utf-8").split(MARKER, 1)[0]
        rows = "\n".join(OBSERVED[i] for i in ids)
        DOCUMENT.write_text(f"{head}{MARKER}\n\n| case | area | input | behaviour | exit |\n"
                            f"|---|---|---|---|---|\n{rows}\n", encoding="utf-8")
    assert list(documented()) == ids
