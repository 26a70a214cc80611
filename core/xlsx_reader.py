"""python-calamine in a helper process that may die without taking the caller along.

A crafted workbook can make calamine allocate hundreds of gigabytes, and Rust aborts the
process when an allocation fails (SIGABRT: no exception, the whole web worker dies).
`core.xlsx.check` refuses every such file it knows of before it is read; this is the floor
under it. The helper runs with `READER_MEMORY` bytes of address space and no core file, and each
read has a time limit: a helper that dies or overruns is gone (`ReaderDied`), and the next read
starts a new one.

One helper per process reads file after file: starting an interpreter per file cost more than
reading the file (measured for issue 20: about 120 ms a file with `site`, 30 ms without,
against 4 ms for reading a 190-row sheet), a file sent to the running helper costs under 1 ms
more than reading it in the process. A forked child (a gunicorn or Celery worker) starts its
own helper.

This module imports the standard library only: it is the helper's program too
(`python -I -S core/xlsx_reader.py SITE_PACKAGES`).
"""

import contextlib
import datetime
import io
import marshal
import os
import selectors
import struct
import subprocess
import sys
import threading

# the helper's address space: after a 3,000-row sheet it peaks at about 21 MB (VmPeak); the rest
# is room for the largest file the check lets through (40 MB of XML, its strings twice over)
READER_MEMORY = 512 * 1024 * 1024
READER_SECONDS = 30


class ReaderDied(Exception):
    """The helper died or ran out of time on this file."""


class ReaderRefused(Exception):
    """calamine raised an error of its own: the file is not a workbook it reads."""


# the answer: a status and the rows, marshalled (plain values from our own program: marshal
# is four times faster than JSON for a 3,000-row sheet; a helper that dies mid-answer leaves
# a short read, an EOFError, never a part of an answer decoded)
PLAIN, REFUSED, TAGGED = 0, 1, 2
_FRAME_IN = struct.Struct("<QI")
_FRAME_OUT = struct.Struct("<BQ")


def _encode(value):
    # marshal carries the plain types only; calamine also gives dates, times and durations
    if isinstance(value, datetime.datetime):
        return ("datetime", value.isoformat())
    if isinstance(value, datetime.date):
        return ("date", value.isoformat())
    if isinstance(value, datetime.time):
        return ("time", value.isoformat())
    if isinstance(value, datetime.timedelta):
        return ("timedelta", value.total_seconds())
    return value


_DECODE = {
    "datetime": datetime.datetime.fromisoformat,
    "date": datetime.date.fromisoformat,
    "time": datetime.time.fromisoformat,
    "timedelta": lambda seconds: datetime.timedelta(seconds=seconds),
}


def _decode(value):
    return _DECODE[value[0]](value[1]) if type(value) is tuple else value


def _read_exactly(stream, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError
    return data


def _serve() -> None:  # pragma: no cover - runs in the helper process
    """The helper: reads frames (size, rows wanted, file) from stdin, answers the first sheet's
    rows, marshalled, on stdout, until stdin closes."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (READER_MEMORY, READER_MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no core file
    from python_calamine import CalamineWorkbook

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            size, nrows = _FRAME_IN.unpack(_read_exactly(stdin, _FRAME_IN.size))
            data = _read_exactly(stdin, size)
        except EOFError:
            return
        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            rows = sheet.to_python(skip_empty_area=False, nrows=nrows)
            try:
                payload, status = marshal.dumps(rows), PLAIN
            except ValueError:  # dates, times or durations: marshal carries plain types only
                payload = marshal.dumps([[_encode(v) for v in row] for row in rows])
                status = TAGGED
        except Exception as exc:  # noqa: BLE001 - the reader's own errors: the file is refused
            payload, status = marshal.dumps(str(exc)[:200]), REFUSED
        stdout.write(_FRAME_OUT.pack(status, len(payload)) + payload)
        stdout.flush()


class _Helper:
    """The helper process of this process (a forked child starts its own)."""

    def __init__(self):
        import python_calamine

        site = os.path.dirname(os.path.dirname(os.path.abspath(python_calamine.__file__)))
        self.owner = os.getpid()
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and file
            [sys.executable, "-I", "-S", os.path.abspath(__file__), site],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )

    def read(self, data: bytes, nrows: int, timeout: float) -> list[list]:
        process = self.process
        try:
            process.stdin.write(_FRAME_IN.pack(len(data), nrows) + data)
            process.stdin.flush()
            head = self._receive(_FRAME_OUT.size, timeout)
            status, size = _FRAME_OUT.unpack(head)
            payload = marshal.loads(self._receive(size, timeout))
        except (OSError, EOFError, ValueError, TimeoutError) as exc:
            self.stop()
            raise ReaderDied(repr(exc)) from None
        if status == REFUSED:
            raise ReaderRefused(payload)
        if status == TAGGED:
            return [[_decode(v) for v in row] for row in payload]
        return payload

    def _receive(self, size: int, timeout: float) -> bytes:
        out = self.process.stdout
        chunks, missing = [], size
        with selectors.DefaultSelector() as selector:
            selector.register(out, selectors.EVENT_READ)
            while missing:
                if not selector.select(timeout):
                    raise TimeoutError("the reader took too long")
                chunk = os.read(out.fileno(), min(missing, 1 << 20))
                if not chunk:
                    raise EOFError("the reader stopped")
                chunks.append(chunk)
                missing -= len(chunk)
        return b"".join(chunks)

    def alive(self) -> bool:
        return self.owner == os.getpid() and self.process.poll() is None

    def stop(self) -> None:
        if self.owner == os.getpid():
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()


_helper: _Helper | None = None
_helper_lock = threading.Lock()


def read_rows(data: bytes, *, nrows: int, timeout: float = READER_SECONDS) -> list[list]:
    """The first sheet's cells from A1, row by row, read by the helper. Check the file first
    (`core.xlsx.read_first_sheet` does); ReaderDied if the helper dies or runs out of time."""
    global _helper
    with _helper_lock:
        if _helper is None or not _helper.alive():
            _helper = _Helper()
        try:
            return _helper.read(data, nrows, timeout)
        finally:
            if not _helper.alive():
                _helper = None


if __name__ == "__main__":  # pragma: no cover - the helper process
    sys.path.insert(0, sys.argv[1])
    _serve()
