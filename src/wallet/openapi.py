"""Write the OpenAPI document the app generates: `python -m wallet.openapi > openapi/openapi.json`."""

from __future__ import annotations

import json
import sys
from typing import Any

from wallet.config import Settings


def document() -> dict[str, Any]:
    from wallet.http.app import create_app

    # No database is touched: the engine connects lazily and the schema is static.
    return create_app(Settings(database_url="sqlite://")).openapi()


def render() -> str:
    return json.dumps(document(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
