"""The scanner's key table gives keys back as text: cells as written between the quotes, doubled
quotes undone, a key that is not UTF-8 as None, from any key on."""

from __future__ import annotations

import numpy as np

from shisaku.stats.estat_scan_keys import SEAL, keys_of


def table_of(keys: list[list[bytes]]) -> tuple[np.ndarray, np.ndarray]:
    store = bytearray()
    rows = []
    for group, cells in enumerate(keys):
        at = len(store)
        for cell in cells:
            store += cell + bytes([SEAL])
        rows.append((at, len(store) - at, group, 0))
    return np.frombuffer(bytes(store), np.uint8), np.array(rows, np.int64)


def test_keys_come_back_as_text() -> None:
    store, table = table_of(
        [[b"100", "事業所数".encode()], [b"", b'a""b'], [b"\xff\xfe"], [b"14130", b'""']]
    )
    assert keys_of(store, table, 0, 4) == [
        ("100", "事業所数"),
        ("", 'a"b'),
        None,
        ("14130", '"'),
    ]
    assert keys_of(store, table, 3, 4) == [("14130", '"')]
    assert keys_of(store, table, 2, 2) == []
