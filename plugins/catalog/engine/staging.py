"""Publishing a build: one build of an output folder at a time, made beside the output and
exchanged with it in one step.

``output/`` is at every moment either the whole previous site or the whole new one: the new
site is made in ``.output.staging-*`` (new files written, unchanged ones hard-linked from
the previous site, which is never modified), then the two folders are exchanged by one
``renameat2(RENAME_EXCHANGE)`` call (Linux 3.15+). Where the file system cannot exchange,
two renames are used, and for an instant between them ``output/`` is missing (never mixed).
A build that was killed leaves its staging folder behind; the next build deletes it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..source.problems import display_path

log = logging.getLogger(__name__)

STAGING = "staging"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def lock_path(output: Path) -> Path:
    return output.parent / f".{output.name}.lock"


@contextlib.contextmanager
def locked(output: Path):
    """Hold the build lock of ``output``: a second build of the same folder waits here
    until the first ends (the lock goes with the process, so a killed build frees it)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(output), "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            print(f"waiting for the build of {display_path(output)}/ that is running "
                  f"(process {holder}) to finish", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def leftovers(output: Path) -> list[Path]:
    """The staging folders of builds of ``output`` that did not finish."""
    prefix = f".{output.name}.{STAGING}-"
    # mkdtemp's suffix has no dot: '.site.staging-x.staging-1' belongs to 'site.staging-x'.
    return sorted(p for p in output.parent.glob(f"{prefix}*") if "." not in p.name[len(prefix):])


def clean(output: Path) -> None:
    """Delete what killed builds left; only called with the lock held. A build killed
    between the two renames of the fallback left the previous site as '...-old' and no
    output: that site is put back first."""
    for folder in leftovers(output):
        if folder.name.endswith("-old") and not output.exists():
            folder.rename(output)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def new_folder(output: Path) -> Path:
    """An empty folder beside ``output`` (so on its file system) to make the site in."""
    folder = Path(tempfile.mkdtemp(prefix=f".{output.name}.{STAGING}-", dir=output.parent))
    folder.chmod(0o755)  # mkdtemp makes 0700; a web server must read the site
    return folder


def link_unchanged(output: Path, site: Path, kept: set[str]) -> None:
    """Hard-link into ``site`` each file of ``kept`` (paths relative to ``output``): files
    the previous build wrote and this one found unchanged."""
    for path in kept:
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(output / path, target)


def swap_in(site: Path, output: Path) -> None:
    """Put ``site`` where ``output`` is, in one step, then delete the previous site."""
    if not output.exists():
        site.rename(output)
        return
    if not output.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "is a file, not the site's folder",
                                 str(output))
    if not _exchange(site, output):
        # No atomic exchange here: two renames, with a moment where output/ is missing.
        site_old = site.with_name(site.name + "-old")
        output.rename(site_old)
        try:
            site.rename(output)
        except BaseException:
            site_old.rename(output)  # the previous site back where it was
            raise
        site = site_old
    shutil.rmtree(site, ignore_errors=True)  # now the previous site


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two paths atomically; False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:  # not glibc 2.28+, or not Linux
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint)
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        log.info("catalog: this file system cannot exchange folders; renaming instead")
        return False
    raise OSError(code, os.strerror(code), str(b))


def _as_published(path: Path, output: Path) -> Path:
    """A path in a staging folder as the path it is published at in ``output``."""
    for folder in (path, *path.parents):
        if folder.parent == output.parent and folder.name.startswith(f".{output.name}.{STAGING}-"):
            return output / path.relative_to(folder)
    return path


_HINTS = {
    errno.ENOSPC: "the disk is full: free some space and build again",
    errno.EDQUOT: "the disk quota is used up: free some space and build again",
    errno.EROFS: "the file system is read-only: build into a folder that can be written",
    errno.EACCES: "permission denied: check who owns the folder",
    errno.EPERM: "the operation is not permitted: check who owns the folder",
}


def describe(exc: OSError, output: Path) -> str:
    """One line for a fault: what failed, where, and what to do."""
    where = f" ({display_path(_as_published(Path(exc.filename), output))})" if exc.filename else ""
    why = _HINTS.get(exc.errno) or (exc.strerror or str(exc)).rstrip(".").lower()
    return f"the build could not finish{where}: {why}; {display_path(output)}/ is unchanged"
