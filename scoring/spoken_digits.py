"""The words said for a single digit when a number is read out ("oh eight two ...")."""

from __future__ import annotations

DIGIT_VALUES: dict[str, str] = {
    "zero": "0",
    "oh": "0",
    "nought": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
