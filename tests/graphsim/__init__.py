"""A stand-in for Entra ID and Microsoft Graph (beta) device management, served over HTTPS on
127.0.0.1 for tests and demos. See server.GraphSimulator."""

from .server import GraphSimulator

__all__ = ["GraphSimulator"]
