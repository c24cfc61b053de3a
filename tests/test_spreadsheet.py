from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from carbon.spreadsheet import neutralise, to_csv_text, write_atomic, write_sheets, write_text


def test_formula_like_text_is_neutralised_numbers_untouched() -> None:
    frame = pd.DataFrame({"site": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "S01"],
                          "value": [-1.5, 2.0, 3.0, 4.0, 5.0]})
    out = neutralise(frame)
    assert out["site"].tolist() == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "S01"]
    assert out["value"].tolist() == [-1.5, 2.0, 3.0, 4.0, 5.0]
    assert "'=HYPERLINK" in to_csv_text(frame)


def test_atomic_write_leaves_nothing_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")

    def broken(path: Path) -> None:
        path.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, broken)
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_text_and_workbook(tmp_path: Path) -> None:
    write_text(tmp_path / "a.txt", "x")
    assert (tmp_path / "a.txt").read_text() == "x"
    book = write_sheets(tmp_path / "b.xlsx", {"lines": pd.DataFrame({"a": ["=1"]})})
    read = pd.read_excel(book, sheet_name="lines", engine="calamine")
    assert read["a"].tolist() == ["'=1"]
