"""Several serving processes keep TCP_NODELAY: the socket uvicorn's workers accept on says it is TCP."""

from __future__ import annotations

import socket

from wallet.serving import APP, TcpConfig


def test_the_shared_listening_socket_is_a_tcp_socket() -> None:
    config = TcpConfig(APP, factory=True, host="127.0.0.1", port=0, workers=2)
    listening = config.bind_socket()
    try:
        # asyncio sets TCP_NODELAY on accepted sockets only when their protocol is TCP; with
        # protocol 0 every keep-alive response waited for the client's delayed ACK.
        assert listening.proto == socket.IPPROTO_TCP
        listening.listen()  # uvicorn's server starts listening; here the test does
        client = socket.create_connection(listening.getsockname())
        accepted, _ = listening.accept()
        assert accepted.proto == socket.IPPROTO_TCP
        accepted.close()
        client.close()
    finally:
        listening.close()
