"""The procurement ledger reader: the sample ledger, bad lines, Excel, and the store."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from carbon.details import detail_column
from carbon.readers import LoadOptions, read_file
from carbon.store import Store, current_activity, load_file

DATA = Path(__file__).resolve().parents[1] / "data"
LEDGER = DATA / "procurement_ledger_2023_24.csv"
HEADER = "transaction_date,supplier,description,category,amount_gbp"


def test_committed_sample_is_what_its_generator_writes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make", DATA / "make_procurement_ledger.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from carbon.demo.ledger import write_ledger

    fresh = write_ledger(tmp_path / "ledger.csv", (2023,), module.SEED)
    assert fresh.read_bytes() == LEDGER.read_bytes()


def test_sample_ledger_loads_every_line() -> None:
    result = read_file(LEDGER, LoadOptions(organisation="RZZ"))
    a = result.activity
    assert result.layout == "procurement_ledger"
    assert result.rows_in == result.rows_accepted == len(a) == 294
    assert (a["unit"] == "GBP").all() and (a["meter_id"] == "LEDGER").all()
    start, end = (a[c].dt.tz_convert("Europe/London").dt.tz_localize(None)
                  for c in ("period_start", "period_end"))
    assert (start.dt.hour == 0).all() and (end - start.dt.normalize()
                                          == pd.Timedelta(days=1)).all()  # one local day
    assert (a["price_year"] == 2023).all() and a["record_key"].is_unique
    kinds = a.groupby("activity_type", observed=True).size()
    assert kinds["spend.unmapped"] == 9 and kinds["spend.energy"] == 24
    assert kinds["spend.pharmaceuticals"] == 52  # eClass D and "Medical gases" text
    assert (a["quantity"] < 0).sum() == 1  # the credit note
    assert any("9 ledger line(s)" in s for s in result.assumptions)


def test_bad_lines_are_quarantined_with_reasons(tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    path.write_text("\n".join([
        HEADER + ",currency,price_year",
        "01/05/2024,Acme Ltd,Drugs,21,100.00,GBP,",
        "01/05/2024,,Drugs,21,100.00,GBP,",
        "31/02/2024,Acme Ltd,Drugs,21,100.00,GBP,",
        "01/05/2024,Acme Ltd,Drugs,21,lots,GBP,",
        "01/05/2024,Acme Ltd,Drugs,21,100.00,EUR,",
        "01/05/2024,Acme Ltd,Drugs,21,100.00,GBP,1066",
        "01/05/2024,Acme Ltd,Drugs,,100.00,GBP,",
        "01/05/2024,Acme Ltd,Drugs,21,\"£1,250.50\",GBP,2023",
    ]) + "\n", encoding="utf-8")
    result = read_file(path, LoadOptions(organisation="RZZ"))
    assert result.rows_in == 8 == result.rows_accepted + result.rows_quarantined
    reasons = result.quarantine.set_index("source_row")["reason"].to_dict()
    assert reasons == {3: "no supplier", 4: "not a date", 5: "amount is not a number",
                       6: "amount is not in GBP", 7: "price year is not a year",
                       8: "no category"}
    a = result.activity
    assert a["quantity"].tolist() == [100.0, 1250.5]
    assert a["price_year"].tolist() == [2024.0, 2023.0]  # FY 2024/25 starts in 2024


def test_identical_lines_without_reference_are_two_purchases(tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    row = "01/05/2024,Acme Ltd,Gloves,F,50.00"
    path.write_text(f"{HEADER.replace('category', 'eclass')}\n{row}\n{row}\n",
                    encoding="utf-8")
    later = tmp_path / "later.csv"  # a later export repeating both lines and one new line
    later.write_text(f"{HEADER.replace('category', 'eclass')}\n{row}\n{row}\n"
                     "02/05/2024,Acme Ltd,Gloves,F,75.00\n", encoding="utf-8")
    store = Store(tmp_path / "ws")
    first = load_file(store, path, LoadOptions(organisation="RZZ")).report
    again = load_file(store, later, LoadOptions(organisation="RZZ")).report
    assert first.rows_stored == 2
    assert (again.rows_stored, again.rows_unchanged, again.rows_superseded) == (1, 2, 0)
    stored = current_activity(store)
    assert stored["quantity"].sum() == 175.0
    assert detail_column(stored, "supplier").tolist() == ["Acme Ltd"] * 3
    assert detail_column(stored, "price_year", numeric=True).tolist() == [2024.0] * 3
    assert (stored["activity_type"] == "spend.medical_equipment").all()


def test_excel_ledger_with_real_dates(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Ledger")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for c, name in enumerate(["Supplier", "Invoice Date", "SIC Code", "Net Amount",
                              "Invoice Number"]):
        sheet.write(0, c, name)
    rows = [("Acme Ltd", pd.Timestamp("2024-04-02"), "21.20", 1000.0, "A1"),
            ("Beta plc", pd.Timestamp("2025-03-31"), "86", 250.5, "B7")]
    for r, (supplier, day, sic, amount, ref) in enumerate(rows, start=1):
        sheet.write(r, 0, supplier)
        sheet.write_datetime(r, 1, day.to_pydatetime(), dates)
        sheet.write(r, 2, sic)
        sheet.write_number(r, 3, amount)
        sheet.write(r, 4, ref)
    book.close()
    result = read_file(path, LoadOptions(organisation="RZZ"))
    a = result.activity
    assert result.layout == "procurement_ledger" and result.rows_accepted == 2
    assert a["activity_type"].tolist() == ["spend.pharmaceuticals",
                                           "spend.commissioned_health_care"]
    assert a["record_key"].tolist() == ["Acme Ltd | A1", "Beta plc | B7"]
    assert np.allclose(a["price_year"], [2024, 2024])  # 31 March 2025 is still FY 2024/25
