"""The API's JSON parser: DRF's, with a bound on nesting, so a body nested tens of thousands of
levels deep is a 400 with a message instead of a RecursionError (500)."""

from __future__ import annotations

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from scoring.safejson import JSONDocumentError, check_depth


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
        try:
            check_depth(data)
        except JSONDocumentError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        return data
