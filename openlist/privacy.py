"""Mask the setting `privacy_regs` (IP addresses, access tokens) in error messages (§2.1).

The patterns are Go RE2 syntax; the constructs OpenList's defaults use are translated to Python
(`[[:xdigit:]]`, the ungreedy flag `(?U)`). A pattern that still does not compile is skipped.
"""

from __future__ import annotations

import re

_cache: dict[str, list[re.Pattern[str]]] = {}


def _translate(pattern: str) -> str:
    pattern = pattern.replace("[[:xdigit:]]", "[0-9A-Fa-f]").replace("[:xdigit:]", "0-9A-Fa-f")
    if pattern.startswith("(?U)"):
        # ungreedy: make every quantifier lazy
        pattern = re.sub(r"(?<!\\)([*+?]|\{\d+(?:,\d*)?\})(?!\?)", r"\1?", pattern[4:])
    return pattern


def compile_regs(text: str) -> list[re.Pattern[str]]:
    regs = _cache.get(text)
    if regs is None:
        regs = []
        for line in text.splitlines():
            if line.strip():
                try:
                    regs.append(re.compile(_translate(line.strip())))
                except re.error:
                    continue
        _cache.clear()
        _cache[text] = regs
    return regs


def mask(message: str, regs_text: str) -> str:
    for reg in compile_regs(regs_text):
        message = reg.sub(lambda m: "*" * len(m.group(0)), message)
    return message
