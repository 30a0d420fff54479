"""Publishing a build: one build of an output folder at a time, made beside the output and
exchanged with it in one step.

``output/`` is at every moment either the whole previous site or the whole new one: the new
site is made in ``.output.staging-*`` (new files written, unchanged ones hard-linked from
the previous site, which is never modified), then the two folders are exchanged by one
``renameat2(RENAME_EXCHANGE)`` call (Linux 3.15+). Where the file system cannot exchange,
two renames are used, and for an instant between them ``output/`` is missing (never mixed).
A build that was killed leaves its staging folder behind; the next build deletes it.

The previous site is not deleted after the exchange: it is kept in the build's cache
(``.output-cache/site/``) and is the next rebuild's starting point (:func:`bring_up_to_date`).
A rebuild after one change then moves in the few files it wrote and links the few that
changed since, instead of linking every unchanged file into a new tree and deleting the
old tree file by file (at 1,000 entries and nine languages, 17,000 files: a fifth of a
rebuild). A first build keeps the site it made the same way: a fresh process links each
of its files into the cache (:func:`link_site`) while the build makes the search index,
which leaves a core idle (a first build that finds a site published keeps that one,
as any build). Where the cache keeps no site (deleted by hand, or a cache made before
first builds kept theirs), the rebuild has a fresh process link every
file of the published site into a new one, on the other core while it reads the content
and decides what to make, and brings that up to date as any kept site.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import logging
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
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


def link_site(output: str, site: str, paths: Iterable[str]) -> list[str]:
    """Make the new folder ``site`` the site at ``output`` as it holds ``paths`` (relative
    to it), each hard-linked: a kept site for a rebuild to bring up to date, when there is
    none. Returns those of ``paths`` that are no longer files of ``output``, which are not
    in ``site``."""
    os.mkdir(site)
    os.chmod(site, 0o755)  # as a site: a web server reads it once it is published
    return link_into(output, site, paths)


def link_into(output: str, site: str, paths: Iterable[str]) -> list[str]:
    """Link each of ``paths`` (relative to ``output``) from ``output`` into the folder
    ``site``, which holds none of them, making the folders they need; returns those that
    are no longer files of ``output``, which are not linked."""
    made: set[str] = set()
    gone = []
    for path in paths:
        source, target = os.path.join(output, path), os.path.join(site, path)
        # Most of a site's files are alone in their folder (a page's index.html), which
        # the new site does not have yet: the folder first, rather than a failed link.
        new = _make_parent(site, target, made)
        try:
            os.link(source, target)
        except (FileNotFoundError, NotADirectoryError, PermissionError) as exc:
            if isinstance(exc, PermissionError) and not os.path.isdir(source):
                raise  # Linux refuses to link a folder with EPERM; anything else is a fault
            gone.append(path)
            if new:  # no empty folder is left in the site (nor known to be there)
                _remove_empty_folders(Path(site), {os.path.dirname(target)})
                made.clear()
    return gone


def link_every(output: str, site: str, paths: Iterable[str],
               link: Callable[[str, str, Iterable[str]], list[str]]) -> None:
    """Link each of ``paths`` from ``output`` into the folder ``site`` by ``link``
    (:func:`link_into`, or :func:`link_site` for a new folder), each of which is a file
    the build made: one that is gone is a fault, since the build removes none of them."""
    gone = link(output, site, paths)
    if gone:
        raise FileNotFoundError(errno.ENOENT, "removed while it was linked",
                                os.path.join(output, gone[0]))


def remove(path: str | Path) -> None:
    """Remove whatever is at ``path``: a folder with all it holds, a file or a link."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def keep_identical(new: Path, output: Path, kept: set[str], skip: Collection[str] = (),
                   paths: Iterable[str] | None = None) -> int:
    """Remove from ``new`` each file that ``output`` already has, byte for byte, at the same
    path, and add the path to ``kept``: the published file is then linked, not replaced.
    Such files are made again without the cache knowing they would be the same: the
    files of a search bundle made again that are always written (its entry file, scripts
    and metadata; its chunks and fragments are compared as they are written,
    pagefind.write_files), and the theme's files, copied by Pelican.
    The files of ``skip`` (those the engine made because their inputs changed) are not
    compared: they are new but for a change of code, and reading both costs more than
    keeping the new one (at 20,000 entries after a change of code, 94 s for the site's
    383,695 files). ``paths``, when given, are the files of ``new`` to compare (relative
    to it), instead of every file found under it. Returns how many were kept."""
    same = 0
    found = (list(files_under(new)) if paths is None
             else [(relative, os.path.join(new, relative)) for relative in paths])
    for relative, made in found:
        if relative in skip:
            continue
        published = os.path.join(output, relative)
        try:
            there = os.lstat(published)
        except OSError:
            continue
        # The file made is read only when a published regular file of its size is there
        # (one made again with no published twin is not read).
        content = (_regular_content(made, there.st_size)
                   if stat.S_ISREG(there.st_mode) else None)
        if content is None or not holds(published, content):
            continue
        os.unlink(made)
        kept.add(relative)
        same += 1
    return same


def holds(path: str | Path, content: bytes) -> bool:
    """Whether the file at ``path``, a regular file and not a link, holds ``content`` and
    nothing else: a published file a build can keep instead of one it made again.
    Whatever else is there (nothing, a folder, a link, an unreadable file, a pipe, which
    is opened without waiting for a writer) does not."""
    return _regular_content(path, len(content)) == content


def _regular_content(path: str | Path, size: int) -> bytes | None:
    """What the file at ``path`` holds when it is a regular file, not a link, of ``size``
    bytes; None for anything else (nothing, a folder, a link, an unreadable file, a file
    of another size, a pipe, which is opened without waiting for a writer)."""
    try:
        with open(path, "rb", opener=_not_followed) as file:
            found = os.fstat(file.fileno())
            if not stat.S_ISREG(found.st_mode) or found.st_size != size:
                return None
            return file.read()
    except OSError:
        return None


def _not_followed(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK)


@dataclass(frozen=True)
class Known:
    """What the cache knows of a kept site: it is the site that was published before
    ``output``, so it holds ``output``'s files (``published``) as they are except at the
    paths of ``differs``, which the build that published ``output`` wrote or removed."""

    published: Collection[str]
    differs: Collection[str]


def bring_up_to_date(spare: Path, new: Path, output: Path, kept: Collection[str],
                     known: Known | None = None) -> list[str]:
    """Make ``spare``, a site an earlier build kept, the new site: move into it each file
    written in ``new``, link each file of ``kept`` from ``output`` unless it already is
    that file, and remove every other file (and the folders left empty). Nothing is ever
    written through a file of ``spare``, many of which are ``output``'s own files: a file
    is replaced, linked or removed, so the published site never changes.

    With ``known``, only the paths it names as different and the files no longer wanted
    are looked at (a rebuild after one change: a few hundred, not every file of the
    site). Without, every file of ``spare`` is, so that whatever it holds (a build killed
    while bringing it up to date), it ends with exactly those files. Returns the paths
    moved in."""
    made: set[str] = set()
    moved = _move_in(spare, files_under(new), made)
    wanted = set(moved).union(kept)
    if known is None:
        _link_kept(spare, output, kept, made, check=True)
        emptied: set[str] = set()
        for relative, path in files_under(spare, emptied):
            if relative not in wanted:
                os.unlink(path)
                emptied.add(os.path.dirname(path))
    else:
        differs = set(known.differs)
        # Where the sites differ, and the files kept that the cache did not list (a file
        # made again the same as one put in the published site by hand).
        relink = differs.intersection(kept)
        relink.update(path for path in kept if path not in known.published)
        _link_kept(spare, output, relink, made, check=False)
        emptied = {os.path.dirname(path)
                   for path in _remove(spare, differs.union(known.published) - wanted)}
    _remove_empty_folders(spare, emptied)
    return moved


def _move_in(root: Path, files: Iterable[tuple[str, str]], made: set[str]) -> list[str]:
    """Move each file of ``files`` (its path relative to ``root``, and where it is now)
    into ``root``; returns the relative paths."""
    moved = []
    for relative, source in files:
        _put_in(root, relative, made, lambda target, source=source: os.replace(source, target))
        moved.append(relative)
    return moved


def _link_kept(spare: Path, output: Path, paths: Iterable[str], made: set[str],
               check: bool) -> None:
    """Link each of ``paths`` from ``output`` into ``spare``; with ``check``, not where
    ``spare`` already has that very file."""
    for relative in paths:
        source = os.path.join(output, relative)
        if check:
            try:
                if os.lstat(os.path.join(spare, relative)).st_ino == os.stat(source).st_ino:
                    continue  # unchanged since the spare was the site
            except (FileNotFoundError, NotADirectoryError):
                pass
        _put_in(spare, relative, made, lambda target, source=source: _link_over(source, target))


def _put_in(root: Path, relative: str, made: set[str], put: Callable[[str], None]) -> None:
    """``put`` the file at ``relative`` below ``root``. Tried at once (most files replace
    one of the same name in a folder that is there: one or two system calls, where
    checking first costs five), and only when that fails is room made for it."""
    target = os.path.join(root, relative)
    try:
        put(target)
    except OSError:
        _make_room(root, target, made)
        put(target)


def _link_over(source: str, target: str) -> None:
    """Link ``source`` at ``target``, in place of the file there."""
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass
    os.link(source, target)


def _remove(root: Path, paths: Iterable[str]):
    """Remove each of ``paths`` below ``root`` that is there; yields what was removed."""
    for relative in paths:
        path = os.path.join(root, relative)
        try:
            os.unlink(path)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError:  # a folder (IsADirectoryError on Linux)
            if not os.path.isdir(path) or os.path.islink(path):
                raise
            shutil.rmtree(path)
        yield path


def _make_room(root: Path, target: str, made: set[str]) -> None:
    """The folders of ``target`` (a path below ``root``), and nothing at ``target`` itself:
    a file where a folder must be, or a folder or file where the file goes, is removed."""
    if not _make_parent(root, target, made):  # nothing is in a folder just made
        remove(target)


def _make_parent(root: Path, target: str, made: set[str]) -> bool:
    """The folder of ``target`` (a path below ``root``), made once per ``made``, with a
    file where a folder must be removed; True when the folder was made just now."""
    parent = os.path.dirname(target)
    if parent in made:
        return False
    try:
        new = make_folder(parent)
        if not new and not os.path.isdir(parent):
            raise NotADirectoryError(parent)
    except (FileExistsError, NotADirectoryError):
        _remove_file_above(str(root), parent)
        os.makedirs(parent, exist_ok=True)
        new = True
    made.add(parent)
    return new


def make_folder(folder: str) -> bool:
    """Make ``folder`` and any folder above it that is missing; False when ``folder`` was
    there (or is a file). Most folders of a site are new in a folder that exists: one
    ``mkdir``, without ``os.makedirs``' look at the folder above first."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        return False
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    return True


def _remove_file_above(root: str, folder: str) -> None:
    """Remove the first of ``folder`` and its parents below ``root`` that is not a folder."""
    current = root
    for part in os.path.relpath(folder, root).split(os.sep):
        current = os.path.join(current, part)
        if os.path.islink(current) or (os.path.lexists(current) and not os.path.isdir(current)):
            os.unlink(current)
            return


def paths_under(root: Path | str) -> list[str]:
    """The path, relative to ``root``, of every file under it."""
    return [relative for relative, _ in files_under(root)]


def files_under(root: Path | str, empty: set[str] | None = None, aside: str | None = None):
    """``(path relative to root, full path)`` of every file under ``root`` (a link is a
    file, never followed), but those in its folder named ``aside`` (a file of that name
    is one); each folder found empty is added to ``empty``."""
    stack = [("", str(root))]
    while stack:
        relative, folder = stack.pop()
        found = False
        with os.scandir(folder) as entries:
            for entry in entries:
                found = True
                name = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_dir(follow_symlinks=False):
                    if name != aside:
                        stack.append((name, entry.path))
                else:
                    yield name, entry.path
        if not found and empty is not None and relative:
            empty.add(folder)


def _remove_empty_folders(root: Path, folders: set[str]) -> None:
    """Remove each of ``folders`` that is empty, then its parents below ``root`` that are
    left empty."""
    root = str(root)
    for folder in sorted(folders, key=len, reverse=True):
        while folder != root and folder.startswith(root + os.sep):
            try:
                os.rmdir(folder)
            except OSError:  # not empty (or gone already)
                break
            folder = os.path.dirname(folder)


def swap_in(site: Path, output: Path, keep: Path | None = None) -> bool:
    """Put ``site`` where ``output`` is, in one step; then keep the previous site at
    ``keep`` (for the next build to bring up to date), or delete it. False when there
    was none: ``site`` was renamed into place, and ``keep`` is as it was."""
    if not output.exists():
        site.rename(output)
        return False
    if not output.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "is a file, not the site's folder",
                                 str(output))
    if _exchange(site, output):
        previous = site
    else:
        # No atomic exchange here: two renames, with a moment where output/ is missing.
        # The previous site waits under a name the next build's clean() puts back.
        previous = output.with_name(f".{output.name}.{STAGING}-previous-old")
        output.rename(previous)
        try:
            site.rename(output)
        except BaseException:
            previous.rename(output)  # the previous site back where it was
            raise
    if keep is None:
        shutil.rmtree(previous, ignore_errors=True)
    elif previous != keep:
        keep_previous(previous, keep)
    return True


def keep_previous(previous: Path, keep: Path) -> None:
    """Move the previous site to ``keep``, in place of whatever is there."""
    remove(keep)
    previous.rename(keep)


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
