"""Frozen-binary (PyInstaller) preparation — placeholder until the packaging work lands."""

from __future__ import annotations


def prepare() -> None:
    return None
