"""Supplier-specific intensities: reading, checking, name matching."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from carbon.errors import InputFileError
from carbon.spend.suppliers import read_supplier_factors, supplier_key

HEADER = "supplier,kgco2e_per_gbp,price_year,source,spend_type\n"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "suppliers.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_supplier_key_ignores_case_punctuation_and_company_form() -> None:
    assert supplier_key("Acme Medical Ltd.") == supplier_key("ACME MEDICAL LIMITED") == \
        "acme medical"
    assert supplier_key("Smith & Nephew PLC") == "smith and nephew"
    assert supplier_key("Ltd Holdings") == "ltd holdings"  # only trailing forms go


def test_match_prefers_the_spend_type_row(tmp_path: Path) -> None:
    table = read_supplier_factors(write(tmp_path, (
        "Acme Ltd,0.2,2023,CRP 2023,\n"
        "Acme Ltd,0.5,2022,CRP 2022 (equipment),spend.medical_equipment\n")))
    ids, years = table.match(pd.Series(["ACME LIMITED", "Acme", "Other Ltd"]),
                             pd.Series(["spend.medical_equipment", "spend.ict", "spend.ict"]))
    assert ids.tolist() == ["supplier/acme/medical_equipment/gbp", "supplier/acme/gbp", ""]
    assert years[:2].tolist() == [2022.0, 2023.0] and np.isnan(years[2])
    factor = table.factors.factor("supplier/acme/gbp")
    assert factor.value == 0.2 and factor.source == "CRP 2023"
    assert factor.info.id == "supplier:suppliers" and factor.info.source_sha256


@pytest.mark.parametrize(("body", "column"), [
    ("Acme,-1,2023,CRP,\n", "kgco2e_per_gbp"),
    ("Acme,x,2023,CRP,\n", "kgco2e_per_gbp"),
    ("Acme,0.2,23,CRP,\n", "price_year"),
    ("Acme,0.2,2023,,\n", "source"),
    ("Acme,0.2,2023,CRP,spend.nothing\n", "spend_type"),
    (" ,0.2,2023,CRP,\n", "supplier"),
    ("Acme,0.2,2023,CRP,\nACME LTD,0.3,2023,CRP,\n", "supplier"),
])
def test_bad_rows_name_row_and_column(tmp_path: Path, body: str, column: str) -> None:
    with pytest.raises(InputFileError) as caught:
        read_supplier_factors(write(tmp_path, body))
    assert caught.value.column == column and caught.value.row in (2, 3)


def test_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("supplier,kgco2e_per_gbp\nAcme,0.2\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="price_year, source"):
        read_supplier_factors(path)
