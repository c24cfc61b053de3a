"""Supply chain: spend-based Scope 3 from a procurement ledger.

=====================  ===================================================================
module                 holds
=====================  ===================================================================
:mod:`.categories`     ledger categories (NHS eClass, SIC, free text) -> ``spend.*`` types,
                       from ``scopes/spend_categories.csv``
:mod:`.exclusions`     hybrid rules against double counting (``scopes/spend_exclusions.csv``)
:mod:`.suppliers`      supplier-specific intensities from carbon reduction plans
:mod:`.prices`         price-year adjustment of spend with the GDP deflator table
=====================  ===================================================================

The inventory turns ``spend.*`` activity into emission lines in
:mod:`carbon.accounting.spend`; ``docs/supply-chain.md`` has a worked example.
"""

from carbon.spend.categories import classify, spend_categories
from carbon.spend.exclusions import exclusion_rules
from carbon.spend.prices import price_ratios
from carbon.spend.suppliers import SupplierFactors, read_supplier_factors, supplier_key

__all__ = ["SupplierFactors", "classify", "exclusion_rules", "price_ratios",
           "read_supplier_factors", "spend_categories", "supplier_key"]
