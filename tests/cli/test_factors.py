from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from carbon.cli import cli, main

ELECTRICITY = "uk-electricity/electricity-generated/electricity-uk/kwh"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_list() -> None:
    code, out, _ = invoke("factors", "list", "--format", "csv")
    frame = pd.read_csv(io.StringIO(out))
    assert code == 0 and {"desnz:2016", "desnz:2026", "sdu:2019-20", "gwp:ar5"} <= set(
        frame["set"])
    code, out, _ = invoke("factors", "list", "--family", "sdu", "--format", "csv")
    assert set(pd.read_csv(io.StringIO(out))["set"].str[:4]) == {"sdu:"}


def test_show_prints_provenance() -> None:
    code, out, _ = invoke("factors", "show", ELECTRICITY, "--set", "desnz:2024")
    assert code == 0
    lines = {line.split("  ", 1)[0]: line.split("  ", 1)[1].strip() for line in
             out.splitlines()}
    assert lines["value"] == "0.20705 kgCO2e per kWh" and lines["scope"] == "2"
    assert lines["set"].startswith("desnz:2024 (") and "version 1.1" in lines["set"]
    assert lines["GWP basis"].startswith("AR5 (verified")
    assert lines["source file"].endswith("sha256 " + "1b063892ad1f00c5bc73029c016e54bc4c3050a7"
                                         "1219202b545f8aea2f9f75c4")
    assert lines["cell"] == "Factors by Category!J3066"
    assert lines["licence"] == "Open Government Licence v3.0"
    assert lines["per-gas parts"] == "CO2 0.20493, CH4 0.0009, N2O 0.00122"


def test_show_blank_factor_says_not_published() -> None:
    code, out, _ = invoke("factors", "show",
                          "passenger-vehicles/cars-by-market-segment/mini/hybrid/km",
                          "--set", "desnz:2024")
    assert code == 0 and "not published" in out


def test_unknown_factor_is_one_line_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["factors", "show", ELECTRICITY + "x", "--set", "desnz:2024"])
    err = capsys.readouterr().err
    assert info.value.code == 1 and err.count("\n") == 1
    assert err.startswith("carbon: error: factor ") and ELECTRICITY in err


def test_search() -> None:
    code, out, _ = invoke("factors", "search", "hotel uk", "--set", "desnz:2024", "--format",
                          "csv")
    frame = pd.read_csv(io.StringIO(out))
    assert code == 0 and "hotel-stay/hotel-stay/uk/room-per-night" in set(frame["factor_id"])


def test_diff_table_and_csv(tmp_path: Path) -> None:
    code, out, err = invoke("factors", "diff", "desnz:2023", "desnz:2024")
    assert code == 0 and "1965 changed, 30 added, 1 removed" in err
    assert "change_pct" in out.splitlines()[0]
    target = tmp_path / "diff.csv"
    code, _, _ = invoke("factors", "diff", "desnz:2023", "desnz:2024", "--format", "csv",
                        "--out", str(target))
    frame = pd.read_csv(target)
    assert code == 0 and len(frame) == 1996
    assert list(frame.columns) == ["change", "factor_id", "label", "unit", "value_a", "value_b",
                                   "change_pct"]


def test_import_into_the_workspace(tmp_path: Path) -> None:
    source = tmp_path / "tariff.csv"
    source.write_text("factor_id,description,activity_unit,value,source\n"
                      "supplier/rego-zero/kwh,REGO tariff,kWh,0,Contract 12\n", encoding="utf-8")
    workspace = tmp_path / "ws"
    code, out, err = invoke("--workspace", str(workspace), "factors", "import", str(source),
                            "--name", "trust:2024-25", "--publisher", "Riverside")
    assert code == 0, err
    assert "imported trust:2024-25: 1 factors" in out
    code, out, _ = invoke("--workspace", str(workspace), "factors", "show",
                          "supplier/rego-zero/kwh", "--set", "trust:2024-25")
    assert code == 0 and "0 kgCO2e per kWh" in out and "Riverside" in out
    code, out, _ = invoke("--workspace", str(workspace), "factors", "list", "--format", "csv")
    listed = pd.read_csv(io.StringIO(out)).set_index("set")
    assert listed.loc["trust:2024-25", "library"] == "workspace"
