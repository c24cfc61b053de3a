"""The fictional Riverside Community Health NHS Trust: sites, meters and how its use changed.

Quantities are invented, sized like a small community trust, and follow a plausible green plan
story: LED lighting and controls cut electricity, boiler work and heating controls cut gas,
desflurane was withdrawn in 2023 and the trust moved clinical waste to alternative treatment.
They are demonstration inputs only, never factors: every emission factor comes from the built-in
factor sets.
"""

from __future__ import annotations

from dataclasses import dataclass

ORGANISATION = "RZZ"
ORGANISATION_NAME = "Riverside Community Health NHS Trust (fictional)"
#: Financial start years the demo covers: the base year and the two latest years.
YEARS = (2019, 2023, 2024)
BASE_YEAR = "2019/20"
SEED = 20240401


@dataclass(frozen=True)
class Site:
    """One site and its meters."""

    code: str
    name: str
    gia_m2: int
    mpan: str
    mprn: str
    gas_units: str  # as on the gas bill: cubic metres or hundreds of cubic feet
    water_spid: str
    sewage_metered: bool


SITES = (
    Site("R01", "Riverside General Hospital", 11_200, "1200023305967", "7165102003",
         "cubic metres", "3100417286W2B", True),
    Site("R02", "Hillview Clinic", 2_600, "1900012345678", "5310652988",
         "hundreds of cubic feet", "3100963145W2C", False),
)

#: Annual activity per site and year (before the monthly profile).
ELECTRICITY_KWH = {("R01", 2019): 2_650_000, ("R01", 2023): 2_300_000, ("R01", 2024): 2_180_000,
                   ("R02", 2019): 360_000, ("R02", 2023): 312_000, ("R02", 2024): 298_000}
GAS_KWH = {("R01", 2019): 5_900_000, ("R01", 2023): 5_250_000, ("R01", 2024): 5_050_000,
           ("R02", 2019): 700_000, ("R02", 2023): 630_000, ("R02", 2024): 600_000}
WATER_M3 = {("R01", 2019): 24_000, ("R01", 2023): 21_500, ("R01", 2024): 21_000,
            ("R02", 2019): 3_100, ("R02", 2023): 2_700, ("R02", 2024): 2_600}
GAS_OIL_LITRES = {2019: 4_200, 2023: 3_100, 2024: 2_900}
GREY_FLEET_MILES = {2019: 520_000, 2023: 430_000, 2024: 405_000}
RAIL_PASSENGER_KM = {2019: 70_000, 2023: 88_000, 2024: 95_000}
FLEET_DIESEL_LITRES = {2019: 14_000, 2023: 11_500, 2024: 9_800}
EV_PUBLIC_KWH = {2019: 0, 2023: 2_400, 2024: 4_100}
#: Bottles a month of each volatile agent, and litres a month of nitrous oxide and Entonox.
DESFLURANE_BOTTLES = {2019: 6, 2023: 0, 2024: 0}
SEVOFLURANE_BOTTLES = {2019: 8, 2023: 10, 2024: 10}
NITROUS_OXIDE_LITRES = {2019: 9_000, 2023: 6_200, 2024: 5_400}
ENTONOX_LITRES = {2019: 5_200, 2023: 4_100, 2024: 3_900}
#: Waste stream -> (EWC code, container, route, tonnes a month at R01 per year).
WASTE = {
    "Clinical waste - infectious (orange)": ("18 01 03*", "770L bin", "Alternative treatment",
                                             {2019: 2.6, 2023: 3.1, 2024: 3.2}),
    "Clinical waste - sharps & medicinally contaminated (yellow)": (
        "18 01 03* / 18 01 09", "sharps bins", "High temperature incineration",
        {2019: 1.9, 2023: 1.2, 2024: 1.1}),
    "Offensive/hygiene waste (tiger)": ("18 01 04", "1100L bin", "Energy from waste",
                                        {2019: 3.0, 2023: 3.6, 2024: 3.7}),
    "General waste": ("20 03 01", "1100L bin", "Energy from waste",
                      {2019: 7.8, 2023: 6.4, 2024: 6.0}),
    "Dry mixed recycling": ("15 01 06", "1100L bin", "Recycling",
                            {2019: 2.9, 2023: 3.6, 2024: 3.9}),
    "Food waste": ("20 01 08", "240L caddy", "Anaerobic digestion",
                   {2019: 0.9, 2023: 1.1, 2024: 1.1}),
}
#: Share of R01's monthly waste that R02 produces.
R02_WASTE_SHARE = 0.2
