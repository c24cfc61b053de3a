"""The built-in sample: a fictional NHS trust's data in real-shaped files, and the whole job.

``carbon demo`` (and :func:`run_demo`) writes the files of Riverside Community Health NHS Trust
(fictional) for the base year 2019/20 and the years 2023/24 and 2024/25 (meters, bills, returns
and its procurement ledger), loads them into the workspace store with the same readers estates
teams use, computes the Scope 1-3 inventory (with the supply chain from the ledger), checks the
trajectory against the NHS Carbon Footprint target and writes the board report.
"""

from carbon.demo.files import write_demo_files
from carbon.demo.run import DemoResult, run_demo
from carbon.demo.trust import ORGANISATION, ORGANISATION_NAME

__all__ = ["ORGANISATION", "ORGANISATION_NAME", "DemoResult", "run_demo", "write_demo_files"]
