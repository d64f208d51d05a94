"""Read files of an untrusted package defensively.

Only regular files inside the package folder are opened, after a ``stat`` that follows links and
before any read, so a FIFO, a device, a socket or a directory is refused instead of blocking or
failing half-way; the file is opened non-blocking and checked again through its descriptor; reads
stop at a size limit. Failures become :class:`~kimtravel.errors.Problem` values in words.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from kimtravel.errors import Problem

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileProblemError(Exception):
    """A file that cannot be read safely; ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def path_text_problem(text: str) -> str:
    """Return why a path string cannot name a file (``""`` when it can).

    Catches an empty path, a NUL byte and text that is not valid Unicode (a lone surrogate).
    """
    if not text:
        return "the path is empty"
    if "\x00" in text:
        return "the path contains a NUL byte"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "the path is not valid Unicode (it holds a lone surrogate)"
    return ""


def _os_reason(exc: OSError) -> str:
    reasons = {
        errno.ENOENT: "no such file",
        errno.ELOOP: "the path goes round a loop of symbolic links",
        errno.ENAMETOOLONG: "the file name is too long for this system",
        errno.EACCES: "permission denied",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EISDIR: "it is a folder, not a file",
    }
    return reasons.get(exc.errno or 0, exc.strerror or "it cannot be read")


def read_file(
    path: Path,
    *,
    root: Path | None,
    max_bytes: int,
    resource: str,
    field: str = "path",
    shown: str | None = None,
) -> bytes:
    """Return the bytes of a regular file, refusing anything else.

    Args:
        path: the file.
        root: the package folder the file must resolve into (links included), or ``None``.
        max_bytes: the largest size accepted.
        resource: the resource named in a problem (``package`` for the descriptor).
        field: the field named in a problem.
        shown: how to name the file in messages (default: ``path``).

    Raises:
        FileProblemError: the path is not a regular file inside ``root``, is too large, or cannot be
            read.
    """
    name = shown if shown is not None else str(path)

    def fail(message: str, check: str) -> FileProblemError:
        return FileProblemError(Problem(resource, "", field, f"{name!r}: {message}", check))

    reason = path_text_problem(str(path))
    if reason:
        raise fail(reason, "unsafe-path")
    try:
        info = os.stat(path)
    except OSError as exc:
        raise fail(_os_reason(exc), "missing-file") from None
    except ValueError as exc:  # a path the OS layer cannot take
        raise fail(str(exc), "unsafe-path") from None
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise fail(f"it is {kind}, not a regular file", "not-a-file")
    if not stat.S_ISREG(info.st_mode):
        raise fail("it is not a regular file", "not-a-file")
    if root is not None:
        try:
            real = Path(os.path.realpath(path))
        except (OSError, ValueError) as exc:
            raise fail(f"its location cannot be resolved ({exc})", "unsafe-path") from None
        if not real.is_relative_to(root):
            raise fail("it leads out of the package folder (through a link)", "unsafe-path")
    if info.st_size > max_bytes:
        raise fail(f"the file is {info.st_size} bytes, over the limit of {max_bytes}", "too-large")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise fail(_os_reason(exc), "missing-file") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise fail("it is not a regular file", "not-a-file")
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise fail(f"the file is over the limit of {max_bytes} bytes", "too-large")
    except OSError as exc:
        raise fail(_os_reason(exc), "missing-file") from None
    finally:
        os.close(fd)
    return b"".join(chunks)
