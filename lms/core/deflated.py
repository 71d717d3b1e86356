"""Gzip bodies put together from pieces: the text of a page that stays the same, deflated once,
and the values that change on every answer (a form token, the address), put in as they are, in
stored blocks that need no compressor, or, sent a second time, as a block that repeats them
(the same CSRF token in three forms). Every block ends on a byte boundary, as a sync flush ends,
so that the pieces make one valid stream.

Each piece of text is deflated with the text before it as its dictionary, as one pass over the
whole page would have it: the values in the holes stand in that dictionary as NUL bytes, which
no text matches (a piece that holds one is deflated without a dictionary), so nothing refers to
them, and every reference past them holds as long as each value has the length it had when the
piece was deflated. So the text is deflated once for each set of value lengths (the tokens'
are fixed; the address may vary), and the page comes out about as small as deflated whole.

Compressing a whole lesson page took some 0.16 ms of every request that made it; putting it
together from pieces, some 0.02 ms (a checksum over the text, the pieces joined).
"""

from __future__ import annotations

import re
import struct
import zlib
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from threading import Lock

GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no name, no time, unknown OS
_LAST_BLOCK = zlib.compressobj(1, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)  # final, empty
_STORED_MAX = 0xFFFF  # the most a stored block holds
_WINDOW = 32768  # the farthest deflate refers back
_VARIANTS = 4  # sets of value lengths kept deflated per page; others are deflated each time


def deflated(data: bytes, level: int, dictionary: bytes = b"") -> bytes:
    """Raw deflate, ended on a byte boundary (a sync flush), so that more may follow; with the
    bytes that come before it in the stream as `dictionary`, it may refer back to them."""
    if dictionary:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15, zdict=dictionary[-_WINDOW:])
    else:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def stored(data: bytes) -> bytes:
    """Data in stored (uncompressed) deflate blocks, not final: each a byte of header, the
    length and its complement, then the bytes. For short values that do not compress anyway."""
    blocks = []
    for start in range(0, len(data), _STORED_MAX):
        chunk = data[start : start + _STORED_MAX]
        blocks.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(blocks)


_LENGTH_BASES = (3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83,
                 99, 115, 131, 163, 195, 227, 258)  # fmt: skip
_LENGTH_EXTRA = (0,) * 8 + (1,) * 4 + (2,) * 4 + (3,) * 4 + (4,) * 4 + (5,) * 4 + (0,)
_DISTANCE_BASES = (1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                   1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577)  # fmt: skip
_DISTANCE_EXTRA = (0, 0, 0, 0, *(n // 2 for n in range(2, 28)))


@lru_cache(maxsize=1024)  # the same few on every answer of a page
def repeated(distance: int, length: int) -> bytes:
    """A deflate block (fixed codes, not final) that repeats the `length` bytes found `distance`
    bytes back, ended on a byte boundary as a sync flush ends: a value sent a second time (the
    same CSRF token in three forms) costs a few bytes instead of itself."""
    bits, count = 0b010, 3  # not final; fixed codes (BTYPE 01, written low bit first)

    def put(value: int, width: int) -> None:
        nonlocal bits, count
        bits |= value << count
        count += width

    def put_code(code: int, width: int) -> None:  # Huffman codes go most significant bit first
        put(int(f"{code:0{width}b}"[::-1], 2), width)

    remaining = length
    while remaining:
        chunk = min(remaining, 258)
        if 0 < remaining - chunk < 3:
            chunk = remaining - 3
        remaining -= chunk
        index = bisect_right(_LENGTH_BASES, chunk) - 1
        symbol = 257 + index
        if symbol < 280:
            put_code(symbol - 256, 7)
        else:
            put_code(0xC0 + symbol - 280, 8)
        put(chunk - _LENGTH_BASES[index], _LENGTH_EXTRA[index])
        index = bisect_right(_DISTANCE_BASES, distance) - 1
        put_code(index, 5)
        put(distance - _DISTANCE_BASES[index], _DISTANCE_EXTRA[index])
    put_code(0, 7)  # end of block
    put(0, 3)  # an empty stored block, not final, to reach a byte boundary
    count += -count % 8
    return bits.to_bytes(count // 8, "little") + b"\x00\x00\xff\xff"


def gzip_body(parts: Iterable[bytes], plain: Iterable[bytes]) -> bytes:
    """A gzip body of raw deflate `parts` that each end on a byte boundary, whose
    decompressed text is `plain`, in pieces."""
    crc, size = 0, 0
    for piece in plain:
        crc = zlib.crc32(piece, crc)
        size += len(piece)
    trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
    return b"".join((GZIP_HEADER, *parts, _LAST_BLOCK, trailer))


@dataclass
class PiecedPage:
    """A page as text that stays (bytes) and holes (their names), each filled for an answer
    with a value of its own; the text deflated once for each set of value lengths."""

    pieces: tuple[bytes | str, ...]
    level: int = 6
    _parts: dict[tuple[int, ...], tuple[bytes, ...]] = field(default_factory=dict, repr=False)
    _lock: Lock = field(default_factory=Lock, repr=False)

    @classmethod
    def of(cls, page: str, holes: Iterable[str], level: int = 6) -> PiecedPage:
        # The longest first, where one name is found within another.
        names = sorted(set(holes), key=len, reverse=True)
        pieces: list[bytes | str] = []
        position = 0
        if names:
            for match in re.finditer("|".join(map(re.escape, names)), page):
                pieces += [page[position : match.start()].encode(), match.group()]
                position = match.end()
        pieces.append(page[position:].encode())
        return cls(tuple(piece for piece in pieces if piece != b""), level)

    @property
    def text_bytes(self) -> int:
        """The bytes of its text (the holes aside)."""
        return sum(len(piece) for piece in self.pieces if isinstance(piece, bytes))

    def gzip(self, values: Mapping[str, str]) -> bytes:
        """The gzip body with each hole filled with its value."""
        plain: list[bytes] = []
        lengths: list[int] = []
        for piece in self.pieces:
            if isinstance(piece, bytes):
                plain.append(piece)
            else:
                plain.append(values[piece].encode())
                lengths.append(len(plain[-1]))
        texts = iter(self._deflated(tuple(lengths)))
        parts: list[bytes] = []
        sent: dict[bytes, int] = {}  # each value, where it was first sent
        position = 0
        for piece, value in zip(self.pieces, plain, strict=True):
            if isinstance(piece, bytes):
                parts.append(next(texts))
            elif len(value) >= 3 and value in sent and position - sent[value] <= _WINDOW:
                parts.append(repeated(position - sent[value], len(value)))
            else:
                parts.append(stored(value))
                sent.setdefault(value, position)
            position += len(value)
        return gzip_body(parts, plain)

    def text(self, values: Mapping[str, str]) -> str:
        """The page with the holes given filled, the others left as they are."""
        return "".join(
            piece.decode() if isinstance(piece, bytes) else values.get(piece, piece)
            for piece in self.pieces
        )

    def _deflated(self, lengths: tuple[int, ...]) -> tuple[bytes, ...]:
        """Each piece of text deflated with all before it as its dictionary, each hole's value
        standing in it as NUL bytes of the value's length."""
        found = self._parts.get(lengths)
        if found is not None:
            return found
        sizes = iter(lengths)
        before = bytearray()
        parts = []
        for piece in self.pieces:
            if isinstance(piece, bytes):
                # A NUL in the text could match a value's stand-in: then no dictionary.
                dictionary = bytes(before[-_WINDOW:]) if b"\x00" not in piece else b""
                parts.append(deflated(piece, self.level, dictionary))
                before += piece
            else:
                before += b"\x00" * next(sizes)
        found = tuple(parts)
        with self._lock:
            if len(self._parts) < _VARIANTS:
                self._parts[lengths] = found
        return found
