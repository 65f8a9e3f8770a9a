"""BLAKE2b for cache keys, without the 2 ms it takes hashlib to load OpenSSL at every start."""

try:
    from _blake2 import blake2b  # CPython's built-in implementation, the one hashlib also offers
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b

__all__ = ["blake2b"]
