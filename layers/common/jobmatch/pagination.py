"""Bounded lists: `page` from 1, `page_size` 1-200 (default 50), a JSON array body with
`X-Total-Count` and an RFC 8288 `Link` header for the other pages."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Query

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 1_000_000

PageQuery = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
PageSizeQuery = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Items per page (at most 200).")]


@dataclass(frozen=True)
class Page:
    number: int = 1
    size: int = DEFAULT_PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def sql(self) -> dict[str, int]:
        """Named parameters for `LIMIT %(limit)s OFFSET %(offset)s`."""
        return {"limit": self.size, "offset": self.offset}


def link_header(path: str, query: dict[str, str], page: Page, total: int) -> str:
    last = max(1, math.ceil(total / page.size))
    targets = {"first": 1, "last": last}
    if page.number > 1:
        targets["prev"] = min(page.number - 1, last)
    if page.number < last:
        targets["next"] = page.number + 1
    links = []
    for rel, number in targets.items():
        params = {**query, "page": str(number), "page_size": str(page.size)}
        links.append(f'<{path}?{urlencode(params)}>; rel="{rel}"')
    return ", ".join(links)


def _plain(item: Any) -> Any:
    return item.model_dump(mode="json") if hasattr(item, "model_dump") else item


def paginated(event, items: list[Any], total: int, page: Page) -> Response:
    """The list as a JSON array with its paging headers."""
    query = {k: v for k, v in (event.query_string_parameters or {}).items() if k not in ("page", "page_size")}
    path = event.raw_event.get("rawPath") or event.path
    if not path.endswith("/"):
        path += "/"
    headers = {"X-Total-Count": str(total), "Link": link_header(path, query, page, total)}
    body = json.dumps([_plain(item) for item in items], default=str)
    return Response(200, content_types.APPLICATION_JSON, body, headers=headers)
