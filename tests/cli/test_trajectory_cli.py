"""``carbon targets``, ``carbon trajectory`` and ``carbon scenario``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from carbon.cli import cli, main

DATA = Path(__file__).parents[1] / "data"
ACTUALS = str(DATA / "small_trust_actuals.csv")
BASELINE = str(DATA / "small_trust_baseline.csv")
SCENARIO = ["--baseline", BASELINE, "--baseline-year", "2024/25", "--actuals", ACTUALS]


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_targets_lists_presets_with_sources() -> None:
    rows = json.loads(invoke("targets", "--format", "json"))
    by_id = {r["id"]: r for r in rows}
    assert by_id["nhs-carbon-footprint"]["requirement"] == "80% by 2028-2032; 100% by 2040"
    assert by_id["nhs-carbon-footprint"]["verified"] is True
    assert by_id["green-plan-15pc-compound"]["verified"] is False


def test_trajectory_table_and_plot(tmp_path: Path) -> None:
    plot = tmp_path / "trajectory.png"
    out = invoke("trajectory", "--target", "nhs-carbon-footprint", "--base-year", "2019/20",
                 "--actuals", ACTUALS, "--plot", str(plot))
    assert "nhs-carbon-footprint/own-baseline" in out and "off_track" in out
    assert "9,396.5" in out
    assert plot.is_file() and plot.stat().st_size > 20_000


def test_trajectory_milestones_as_csv(tmp_path: Path) -> None:
    target = tmp_path / "milestones.csv"
    invoke("trajectory", "--actuals", ACTUALS, "--view", "milestones", "--format", "csv",
           "--out", str(target), "--reading", "national_share")
    text = target.read_text()
    assert text.startswith("target,check,milestone,milestone_year")
    assert "47% by 2027/28" in text and "own-baseline" not in text


def test_trajectory_without_actuals_or_store(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    # No --actuals: the actuals come from the workspace store, and there is none yet.
    with pytest.raises(SystemExit) as info:
        main(["--workspace", str(tmp_path / "empty"), "trajectory"])
    err = capsys.readouterr().err
    assert info.value.code == 1 and "no activity store" in err and "carbon load" in err


def test_trajectory_bad_actuals_one_line_error(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("year,metric,footprint,value\n2019/20,tco2e,nhs_carbon_footprint,lots\n")
    with pytest.raises(SystemExit) as info:
        main(["trajectory", "--actuals", str(bad)])
    err = capsys.readouterr().err
    assert info.value.code == 1 and err.count("\n") == 1
    assert "bad.csv, row 2, column 'value'" in err and "'lots'" in err


def test_scenario_run_views_and_charts(tmp_path: Path) -> None:
    plots = {name: tmp_path / f"{name}.svg" for name in ("plot", "waterfall", "macc")}
    out = invoke("scenario", "run", "estates-decarbonisation", *SCENARIO, "--draws", "200",
                 "--plot", str(plots["plot"]), "--waterfall", str(plots["waterfall"]),
                 "--macc", str(plots["macc"]))
    assert "bau_tco2e" in out and "2045/46" in out
    assert all(p.is_file() and p.read_bytes().startswith(b"<?xml") for p in plots.values())
    checks = json.loads(invoke("scenario", "run", "estates-decarbonisation", *SCENARIO,
                               "--draws", "200", "--view", "targets", "--format", "json"))
    assert {c["target"] for c in checks} == {"nhs-carbon-footprint/own-baseline",
                                             "nhs-carbon-footprint/national-share"}
    assert all(0 <= c["probability"] <= 1 for c in checks)
    macc = invoke("scenario", "run", "estates-decarbonisation", *SCENARIO, "--draws", "0",
                  "--view", "macc", "--format", "csv")
    assert macc.splitlines()[0].startswith("intervention,name,stage")


def test_scenario_run_from_a_file(tmp_path: Path) -> None:
    source = Path(__file__).parents[2] / "scenarios" / "scenario_clinical_and_travel.toml"
    path = tmp_path / "mine.toml"
    path.write_text(source.read_text().replace('id = "clinical-and-travel"', 'id = "mine"'))
    out = invoke("scenario", "run", str(path), *SCENARIO, "--draws", "0", "--view",
                 "abatement", "--format", "csv")
    assert "Piped nitrous oxide manifold closed" in out


def test_scenario_compare(tmp_path: Path) -> None:
    plot = tmp_path / "compare.png"
    out = invoke("scenario", "compare", "estates-decarbonisation", "net-zero-pathway",
                 *SCENARIO, "--draws", "100", "--format", "csv", "--plot", str(plot))
    assert "estates-decarbonisation" in out and "net-zero-pathway" in out
    assert plot.is_file()


def test_scenario_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\nid = "b"\nname = "B"\n[[intervention]]\nid = "x"\n'
                   'kind = "efficiency"\nactivity = "electricity.grid"\nreduction = 1.5\n'
                   'start = "2025/26"\n')
    with pytest.raises(SystemExit) as info:
        main(["scenario", "run", str(bad), "--baseline", BASELINE, "--baseline-year",
              "2024/25"])
    err = capsys.readouterr().err
    assert info.value.code == 1 and err.count("\n") == 1
    assert "bad.toml, column 'intervention 1 (x).reduction'" in err and "1.5" in err
    with pytest.raises(SystemExit) as info:  # no --baseline and no store in the workspace
        main(["--workspace", str(tmp_path / "empty"), "scenario", "run",
              "estates-decarbonisation"])
    assert info.value.code == 1 and "no activity store" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["scenario", "compare", "estates-decarbonisation", "--baseline", BASELINE])
    assert info.value.code == 2 and "at least two" in capsys.readouterr().err


def test_scenario_presets_listed() -> None:
    out = invoke("scenario", "presets")
    assert "net-zero-pathway" in out and "Estates decarbonisation" in out
