"""Build the wheel, install it away from the repository and use it: missing package data fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

CHECK = """
import importlib, pkgutil, sys, carbon
site = sys.argv[1]
# Every module of the installed package imports from the wheel, not from the repository.
names = [m.name for m in pkgutil.walk_packages(carbon.__path__, "carbon.")]
for name in ["carbon", *names]:
    module = importlib.import_module(name)
    assert module.__file__.startswith(site), (name, module.__file__)
from carbon.taxonomy import activity_types
from carbon.units import parse_unit, gas_volume_to_energy
assert len(activity_types()) > 80
assert str(parse_unit("kWh (Gross CV)")) == "kWh_gross"
assert gas_volume_to_energy([1000], "m3", [39.5])[0] > 0
from carbon.factorsets import list_sets, load_set
assert len(list_sets()) >= 30
factors = load_set("desnz:2024")
assert len(factors) > 3000 and factors.info.source_sha256.startswith("1b063892")
assert load_set("nhs-clinical-waste:srp-2020-21").factor(
    "waste/clinical/high-temperature-incineration/tonnes").value == 240.05
assert load_set("gwp:ar5").factor("gas/desflurane/kg").value == 1790
from carbon.accounting.classification import emission_lines
assert len(emission_lines()) > 100
print("ok", len(names))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Build from a clean copy: setuptools reuses a build/ folder, whose stale files would hide
    # a package missing from pyproject.toml.
    source = tmp_path_factory.mktemp("source") / "repo"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache",
        "carbon-workspace", "output", ".hypothesis"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(out), str(source)], check=True)
    (found,) = out.glob("carbon_nhs-*.whl")
    return found


def test_wheel_holds_only_carbon_and_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names}
    assert {t for t in top if not t.endswith(".dist-info")} == {"carbon"}
    for data in ("carbon/units.txt", "carbon/unit_aliases.csv",
                 "carbon/scopes/activity_types.csv", "carbon/factors/conversions.toml",
                 "carbon/factors/index.toml", "carbon/factors/desnz-2016.parquet",
                 "carbon/factors/desnz-2026.parquet", "carbon/factors/sdu-2019-20.parquet",
                 "carbon/factors/aliases.csv", "carbon/factors/gwp.csv",
                 "carbon/cli/__init__.py", "carbon/factors/__init__.py",
                 "carbon/scenarios/__init__.py"):
        assert data in names, data
    assert not any(n.startswith(("tests/", "carbon/tests")) for n in names)
    packaged = {n.rsplit("/", 1)[0] for n in names if n.endswith("/__init__.py")}
    for folder in REPO.joinpath("carbon").rglob("__init__.py"):
        package = str(folder.parent.relative_to(REPO))
        assert package in packaged, f"{package} missing from [tool.setuptools] packages"
    factor_bytes = sum(info.file_size for info in zipfile.ZipFile(wheel).infolist()
                       if info.filename.startswith("carbon/factors/"))
    assert factor_bytes < 5_000_000  # the whole factor library, uncompressed in the wheel


def test_installed_wheel_works_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                    str(site), str(wheel)], check=True)
    # -S: no site module, so no .pth file and no editable-install finder can lend the
    # repository's modules; the dependencies come from this environment's site-packages.
    deps = [p for p in sys.path if p.endswith("site-packages")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *deps])}
    python = [sys.executable, "-S"]
    result = subprocess.run([*python, "-c", CHECK, str(site)], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")
    demo = subprocess.run([*python, "-m", "carbon", "--workspace", str(tmp_path / "ws"),
                           "demo"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert demo.returncode == 0, demo.stderr
    assert (tmp_path / "ws" / "demo" / "report" / "report.html").is_file()
