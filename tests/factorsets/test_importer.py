from __future__ import annotations

from pathlib import Path

import pytest

from carbon.errors import InputFileError, ReferenceDataError
from carbon.factorsets import import_file, list_sets, load_set, resolve_factors
from carbon.factorsets.library import INDEX_FILE

CUSTOM = ("factor_id,description,activity_unit,value,numerator_unit,scope,source\n"
          "supplier/green/kwh,Green tariff,kWh,0.05,kgCO2e,2,Supplier disclosure\n")


def test_a_custom_csv_goes_into_the_workspace_library(tmp_path: Path) -> None:
    path = tmp_path / "green.csv"
    path.write_text(CUSTOM, encoding="utf-8")
    workspace = tmp_path / "ws"
    (info,) = import_file(path, workspace, name="supplier:2024-25",
                          metadata={"publisher": "ACME Energy"})
    assert info.factors == 1 and info.source_sha256
    assert (workspace / "factors" / INDEX_FILE).is_file()
    assert "supplier:2024-25" in {i.id for i in list_sets(workspace)}
    factors = load_set("supplier:2024-25", workspace)
    assert factors.info.publisher == "ACME Energy"
    assert resolve_factors(["supplier/green/kwh"], factors)["value"].tolist() == [0.05]
    with pytest.raises(ReferenceDataError, match="already imported"):
        import_file(path, workspace, name="supplier:2024-25")
    path.write_text(CUSTOM.replace("0.05", "0.06"), encoding="utf-8")
    import_file(path, workspace, name="supplier:2024-25", replace=True)
    assert load_set("supplier:2024-25", workspace).factor("supplier/green/kwh").value == 0.06


def test_refusals(tmp_path: Path) -> None:
    path = tmp_path / "green.csv"
    path.write_text(CUSTOM, encoding="utf-8")
    with pytest.raises(InputFileError, match="needs a name"):
        import_file(path, tmp_path)
    with pytest.raises(ReferenceDataError, match="built-in"):
        import_file(path, tmp_path, name="desnz:2024")
    other = tmp_path / "notes.txt"
    other.write_text("hello", encoding="utf-8")
    with pytest.raises(InputFileError, match="not a file carbon can import"):
        import_file(other, tmp_path)


@pytest.mark.official_data
def test_next_years_file_imports_with_one_call(tmp_path: Path, data_dir: Path) -> None:
    """A new edition goes into the workspace library; the registry then finds it."""
    source = data_dir / "desnz/ghg-conversion-factors-2026-full-set.xlsx"
    (info,) = import_file(source, tmp_path, name="desnz:2026-copy")
    assert info.gwp_basis == "AR5" and info.gwp_basis_verified and info.kind == "desnz-fullset"
    assert "Fifth Assessment Report" in info.gwp_basis_evidence
    mine = load_set("desnz:2026-copy", tmp_path)
    built_in = load_set("desnz:2026")
    assert mine.table["value"].equals(built_in.table["value"])
