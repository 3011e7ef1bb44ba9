"""Run a piece of Python in a child process under real limits, and measure what it took.

The child gets an address-space limit (``RLIMIT_AS``) and a CPU-time limit (``RLIMIT_CPU``): the
caps. A wall-clock timeout of three times the CPU limit only guards against a hang (a read that
waits forever uses no CPU); wall time depends on what else the machine runs. The test runner
itself is never limited. Peak resident memory comes from the
child's own ``wait4`` resource usage, so each run is measured on its own. A child that runs out of
memory gets ``MemoryError`` (a traceback on stderr) or is killed, and one that runs out of time is
killed: both show in :class:`Capped`, for the test to assert on.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GB = 2**30
#: The caps of issue 16: 1 GB of address space and 30 s.
MEMORY, SECONDS = 1 * GB, 30


@dataclass(frozen=True)
class Capped:
    """What a capped child did: exit code, output, peak resident memory (MB), CPU and wall time (s)."""

    code: int
    out: str
    err: str
    peak_mb: float
    seconds: float
    timed_out: bool = False
    cpu: float = 0.0

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.out + self.err

    @property
    def clean(self) -> bool:
        """Finished in time, without a traceback, exit code 0, 1 or 2."""
        return not self.timed_out and not self.traceback and self.code in (0, 1, 2)

    def __str__(self) -> str:
        return (f"exit {self.code}{' (timed out)' if self.timed_out else ''}, {self.peak_mb:.0f} MB, "
                f"{self.cpu:.1f} s CPU, {self.seconds:.1f} s\n--- stdout\n{self.out[-2000:]}\n--- stderr\n{self.err[-2000:]}")


def run_capped(code: str, *, memory: int = MEMORY, seconds: float = SECONDS, code_root: Path = ROOT,
               env: dict | None = None) -> Capped:
    """Run ``code`` with ``python -c`` under the caps.

    ``code_root`` goes first on ``sys.path`` (so another checkout's ``builders`` can be measured
    the same way), then ``tests/`` (for ``support``).
    """
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        cpu = int(seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))

    prelude = f"import sys; sys.path[:0] = [{str(code_root)!r}, {str(ROOT / 'tests')!r}]\n"
    child_env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MPLBACKEND="Agg", **(env or {}))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-c", prelude + code], preexec_fn=limit, cwd=ROOT,
                                   env=child_env, stdout=out, stderr=err)
        killer = threading.Timer(3 * seconds + 5, process.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        took = time.monotonic() - started
        process.returncode = code_of = os.waitstatus_to_exitcode(status)
        texts = []
        for handle in (out, err):
            handle.seek(0)
            texts.append(handle.read().decode("utf-8", "replace"))
    return Capped(code_of, texts[0], texts[1], usage.ru_maxrss / 1024, took, took > 3 * seconds + 4,
                  usage.ru_utime + usage.ru_stime)
