"""The library's version, read from the installed package metadata.

The one place a release's version is written is ``datapackage.json``; the build reads it from
there (``[tool.hatch.version]`` in ``pyproject.toml``) into the package metadata.
"""

from __future__ import annotations


def package_version() -> str:
    """Return the installed kimtravel version.

    Falls back to the bundled descriptor's version when kimtravel runs from a source tree that
    was never installed.
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kimtravel")
    except PackageNotFoundError:
        import json

        from kimtravel.bundled import bundled_descriptor

        return str(json.loads(bundled_descriptor().read_text(encoding="utf-8"))["version"])
