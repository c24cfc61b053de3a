"""Scope 1-3 accounting: activity x factors -> an inventory that can be defended line by line.

Sub-modules: ``classification`` (which emission lines each activity type has, their GHG Protocol
scope and category and NHS footprint), ``result`` (the :class:`Inventory` object), ``change``
(year-on-year change explained), ``recalculation`` (base-year recalculation).
"""
