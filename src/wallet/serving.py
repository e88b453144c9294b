"""Running the HTTP API with uvicorn, in one process or several.

uvicorn binds the listening socket for its worker processes with protocol 0, and asyncio turns
``TCP_NODELAY`` on only for sockets whose protocol is TCP, so with ``--workers`` above one every
keep-alive response waited about 40 ms for the client's delayed ACK (uvicorn issue 3149). We
bind the same socket, then hand uvicorn one that says it is TCP.
"""

from __future__ import annotations

import socket
from typing import Any

from uvicorn import Config, Server
from uvicorn.supervisors import Multiprocess

APP = "wallet.http.app:create_app"


class TcpConfig(Config):
    def bind_socket(self) -> socket.socket:
        bound = super().bind_socket()
        if bound.family in (socket.AF_INET, socket.AF_INET6) and bound.proto == 0:
            return socket.socket(bound.family, bound.type, socket.IPPROTO_TCP, fileno=bound.detach())
        return bound


def serve_http(*, host: str, port: int, workers: int, log_config: Any) -> None:
    config = TcpConfig(APP, factory=True, host=host, port=port, workers=workers, proxy_headers=True,
                       server_header=False, log_config=log_config)
    if config.workers > 1:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    else:
        Server(config).run()
