"""Checks across the rows of one case import (each row alone is checked by the intake form)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def duplicate_source_references(rows: Iterable[tuple[int, dict]]) -> list[tuple[int, str]]:
    """(row, reason) for every row whose source and source reference another row of the same
    file repeats: the same complaint listed twice would open two cases with two clocks. Rows
    without a source reference are not compared. References match ignoring case and spaces."""
    seen: dict[tuple[str, str], list[int]] = defaultdict(list)
    for number, data in rows:
        reference = " ".join(str(data.get("source_reference") or "").split()).casefold()
        if reference:
            seen[(str(data.get("source") or ""), reference)].append(number)
    problems = []
    for numbers in seen.values():
        if len(numbers) < 2:
            continue
        for number in numbers:
            others = ", ".join(str(n) for n in numbers if n != number)
            problems.append(
                (number, f"source_reference: the same complaint is also on row {others}")
            )
    return sorted(problems)
