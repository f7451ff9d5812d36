"""The API's JSON parser: every bad body is a 400 (or 413) in the one error shape, never a 500."""

import json
from typing import Any

from django.conf import settings
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser


class BodyTooLarge(APIException):
    status_code = 413
    default_detail = "The request body is too large."
    default_code = "body_too_large"


class JSONObjectParser(JSONParser):
    """JSON bodies that are objects, of bounded size and depth.

    DRF's parser reads the stream itself, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE never applies
    to it; deep nesting raises RecursionError, which DRF does not catch; and a top-level array
    or string reaches views that expect a mapping.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = settings.API_MAX_BODY_BYTES
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > limit:
            raise BodyTooLarge()
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise BodyTooLarge()
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding), parse_constant=_refuse_constant)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
        except (ValueError, UnicodeDecodeError) as error:
            raise ParseError(f"JSON parse error - {error}") from None
        if not isinstance(data, dict):
            raise ParseError("The JSON body must be an object.")
        return data


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")
