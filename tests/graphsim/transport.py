"""HTTP/1.1 over TLS on loopback: a threading server whose handler turns the bytes on the wire
into a Request, asks the simulator for a Response, and writes it back. Keep-alive is on, and
each connection (TLS handshake included) is served on its own thread."""

import email.utils
import socket
import ssl
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .wire import Request, new_id


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "graphsim"
    sys_version = ""
    timeout = 120        # idle keep-alive connections end after this

    def setup(self):
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.server.tls_context is not None:
            # Handshake here, on the connection's thread, so a slow client never blocks accept.
            self.request.settimeout(10)
            self.request = self.server.tls_context.wrap_socket(self.request, server_side=True)
        super().setup()

    def finish(self):
        try:
            super().finish()
        finally:
            self.request.close()

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if not size:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass    # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()   # the CRLF that ends each chunk
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _serve(self):
        body = self._read_body()
        raw_path, _sep, raw_query = self.path.partition("?")
        headers = {k.lower(): v for k, v in self.headers.items()}
        request_id = new_id()
        request = Request(
            method=self.command, path=urllib.parse.unquote(raw_path),
            query=dict(urllib.parse.parse_qsl(raw_query, keep_blank_values=True)),
            headers=headers, body=body, request_id=request_id,
            client_request_id=headers.get("client-request-id") or request_id,
            raw_query=raw_query)
        response = self.server.dispatch(request)
        if response.drop:
            # Say nothing and hang up: the client sees the connection end mid-request.
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self._write(response)

    def _write(self, response):
        reason = self.responses.get(response.status, ("",))[0]
        lines = ["HTTP/1.1 {} {}".format(response.status, reason),
                 "Date: " + email.utils.formatdate(usegmt=True),
                 "Content-Length: {}".format(len(response.body))]
        lines += ["{}: {}".format(k, v) for k, v in response.headers.items()]
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        # One write per response: one TLS record and no delayed small packets.
        self.wfile.write(head + response.body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format, *args):   # noqa: A002 - the base class's name
        pass    # the simulator keeps its own request log


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, port, dispatch, tls_context=None):
        self.dispatch = dispatch
        self.tls_context = tls_context
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def port(self):
        return self.server_address[1]

    def handle_error(self, request, client_address):
        # Clients that hang up or fail the TLS handshake are normal in tests; stay quiet.
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, ssl.SSLError, socket.timeout)):
            return
        super().handle_error(request, client_address)


def tls_context(cert_path, key_path):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert_path, key_path)
    return context
