#!/usr/bin/env python3
"""Independent reference implementation of Cutover's bucketing, printing test vectors.

The algorithm (see docs/bucketing.md):

1. bytes = UTF-8(salt) + b":" + UTF-8(key)
2. h = FNV-1a 64 over bytes (offset basis 0xcbf29ce484222325, prime 0x100000001b3)
3. h = MurmurHash3 fmix64(h)
4. bucket = h mod 100000

This file deliberately shares no code with the Swift implementation: it is written from the
specification, so agreement between the two is evidence that the specification is followed.

Usage:
    python3 scripts/bucketing_vectors.py            # Markdown table (as in docs/bucketing.md)
    python3 scripts/bucketing_vectors.py --swift    # Swift array literal rows for the tests
"""

import sys

MASK64 = (1 << 64) - 1
FNV_OFFSET_BASIS = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
BUCKET_COUNT = 100_000


def fnv1a64(data: bytes) -> int:
    h = FNV_OFFSET_BASIS
    for byte in data:
        h ^= byte
        h = (h * FNV_PRIME) & MASK64
    return h


def fmix64(h: int) -> int:
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & MASK64
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & MASK64
    h ^= h >> 33
    return h


def bucket_hash(salt: str, key: str) -> int:
    return fmix64(fnv1a64(salt.encode("utf-8") + b":" + key.encode("utf-8")))


def bucket(salt: str, key: str) -> int:
    return bucket_hash(salt, key) % BUCKET_COUNT


# (salt, key): varied on purpose — empty key, ASCII, UUID, non-ASCII UTF-8 (precomposed
# Latin letters, an emoji outside the BMP, "café" precomposed and decomposed: keys are not
# Unicode-normalized), a long key, a key containing ":", an empty salt, and the CVPlus flag
# keys as salts.
VECTORS = [
    ("cv-analyzer-package-enabled", ""),
    ("cv-analyzer-package-enabled", "user-42"),
    ("cv-analyzer-package-enabled", "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"),
    ("cv-analyzer-package-enabled", "\u00fcn\u00efc\u00f8d\u00e9"),
    ("cv-analyzer-package-enabled", "\U0001F680"),
    ("cv-analyzer-package-enabled", "caf\u00e9"),
    ("cv-analyzer-package-enabled", "cafe\u0301"),
    ("improvement-orchestrator-package-enabled", "user-42"),
    ("cache-package-enabled", "user-42"),
    ("recommendation-generator-package-enabled", "alice@example.com"),
    ("circuit-breaker-package-enabled", "tenant:acme"),
    ("recommendation-orchestrator-package-enabled", "x" * 1000),
    ("action-orchestrator-package-enabled", "0"),
    ("", ""),
    ("s", "user-42"),
]


def display(text: str) -> str:
    """How a value is written in the Markdown table (long keys abbreviated)."""
    if text == "x" * 1000:
        return '`"x"` × 1000'
    if text == "":
        return "(empty)"
    shown = "`" + text + "`"
    if not text.isascii():
        # Spell out the scalars: precomposed and decomposed forms look alike but hash differently.
        shown += " (" + " ".join(ch if ch.isascii() else "U+%04X" % ord(ch) for ch in text) + ")"
    return shown


def swift_literal(text: str) -> str:
    if text == "x" * 1000:
        return 'String(repeating: "x", count: 1000)'
    escaped = ""
    for ch in text:
        if ch in '"\\':
            escaped += "\\" + ch
        elif ord(ch) < 0x80:
            escaped += ch
        else:
            escaped += "\\u{%X}" % ord(ch)
    return '"' + escaped + '"'


def self_check() -> None:
    """Published FNV-1a 64 values (the FNV reference test suite), so a slip here cannot go unnoticed."""
    assert fnv1a64(b"") == 0xCBF29CE484222325
    assert fnv1a64(b"a") == 0xAF63DC4C8601EC8C
    assert fnv1a64(b"foobar") == 0x85944171F73967E8
    assert fmix64(0) == 0


def main() -> None:
    self_check()
    if "--swift" in sys.argv[1:]:
        for salt, key in VECTORS:
            h = bucket_hash(salt, key)
            grouped = "_".join(f"{h:016x}"[i : i + 4] for i in range(0, 16, 4))
            print(f"    .init({swift_literal(salt)}, {swift_literal(key)}, 0x{grouped}, {h % BUCKET_COUNT}),")
        return
    print("| salt | key | UTF-8 bytes of key | 64-bit hash | bucket |")
    print("|---|---|---:|---|---:|")
    for salt, key in VECTORS:
        h = bucket_hash(salt, key)
        print(f"| {display(salt)} | {display(key)} | {len(key.encode('utf-8'))} | `0x{h:016x}` | {h % BUCKET_COUNT} |")


if __name__ == "__main__":
    main()
