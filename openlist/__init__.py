"""openlist: a self-hosted file-list server, wire-compatible with OpenList v4."""

__version__ = "0.1.0"
# The version string OpenList clients see; SDKs sniff the "v4." prefix (openlist-api.md §9.3, D12).
WIRE_VERSION = f"v4.1.0 (openlist {__version__})"
