"""Write output files and folders without destroying anything.

A target that exists is never overwritten unless the caller asks (``force``), a link is never
followed (with ``force`` the link itself is replaced), and a file or folder is first written under
a temporary name beside the target and then renamed into place, so a failed write leaves nothing
half-done.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from kimtravel.errors import KimtravelError
from kimtravel.files import path_text_problem


class OutputError(KimtravelError):
    """An output path that cannot be written safely; the message says why."""


def check_target(target: Path, *, force: bool, folder: bool) -> None:
    """Check that ``target`` may be written (see :func:`write_file`, :func:`write_folder`).

    Raises:
        OutputError: it may not, and why.
    """
    reason = path_text_problem(str(target))
    if reason:
        raise OutputError(f"cannot write to {str(target)!r}: {reason}")
    if target.is_symlink():
        if not force:
            raise OutputError(
                f"{target} is a symbolic link: not followed (use --force to replace the link itself)"
            )
        return
    if not target.exists():
        parent = target.parent
        if not parent.is_dir():
            raise OutputError(f"cannot write {target}: the folder {parent} does not exist")
        return
    if folder:
        if not target.is_dir():
            raise OutputError(f"{target} exists and is not a folder")
        here = Path(os.path.realpath(os.getcwd()))
        resolved = Path(os.path.realpath(target))
        if resolved == here or resolved in here.parents or resolved == resolved.parent:
            raise OutputError(
                f"{target} is the current folder, one that holds it, or the root: "
                "never replaced; choose a new folder"
            )
        if any(target.iterdir()) and not force:
            raise OutputError(
                f"{target} is not empty: choose a new or empty folder (or --force to replace it)"
            )
    else:
        if target.is_dir():
            raise OutputError(f"{target} is a folder: give a file name")
        if not force:
            raise OutputError(
                f"{target} exists: choose a new file name (or --force to overwrite it)"
            )


def _existing_mode(path: Path) -> int | None:
    """Return the permission bits of a regular file about to be replaced, else ``None``."""
    try:
        info = path.lstat()
    except OSError:
        return None
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else None


def _umask() -> int:
    """Return the process's file-creation mask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_file(target: str | os.PathLike[str], data: bytes, *, force: bool = False) -> Path:
    """Write bytes to a new file (or over an existing one with ``force``), atomically.

    Raises:
        OutputError: the target exists (without ``force``), is a folder, is a link (without
            ``force``), its folder is missing, or the file system refuses the write.
    """
    path = Path(target)
    check_target(path, force=force, folder=False)
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:40]}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            # mkstemp makes it owner-only: a replaced file keeps its mode, a new one the umask's
            mode = _existing_mode(path)
            os.chmod(temp, mode if mode is not None else 0o666 & ~_umask())
            os.replace(temp, path)
        except BaseException:
            if os.path.exists(temp):
                os.unlink(temp)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def write_folder(
    target: str | os.PathLike[str], fill: Callable[[Path], None], *, force: bool = False
) -> Path:
    """Create a folder by filling a fresh temporary one and renaming it into place.

    Args:
        target: the folder to create; it may exist only as an empty folder (or with ``force``,
            in which case it is replaced whole).
        fill: called with the temporary folder to write into.
        force: replace an existing non-empty folder or a link.

    Raises:
        OutputError: the target is not new or empty (without ``force``), is a file, or cannot be
            written.
    """
    path = Path(target)
    check_target(path, force=force, folder=True)
    try:
        temp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name[:40]}.", suffix=".tmp"))
    except OSError as exc:
        raise OutputError(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
    try:
        os.chmod(temp, 0o777 & ~_umask())  # mkdtemp makes it owner-only
        fill(temp)
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            if any(path.iterdir()):
                shutil.rmtree(path)
            else:
                path.rmdir()
        os.rename(temp, path)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return path
