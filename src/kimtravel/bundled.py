"""Where the data package bundled with this library lives."""

from __future__ import annotations

from pathlib import Path

from kimtravel.descriptor import DESCRIPTOR_NAME


def bundled_descriptor() -> Path:
    """Return the path of the bundled ``datapackage.json``.

    In an installed wheel the package sits inside ``kimtravel/``; in a source checkout or an
    editable install it is the repository root, two folders above this file.

    Raises:
        FileNotFoundError: neither location has the descriptor (a broken install).
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / DESCRIPTOR_NAME, here.parent.parent / DESCRIPTOR_NAME):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"the bundled {DESCRIPTOR_NAME} is missing from {here}: reinstall kimtravel"
    )
