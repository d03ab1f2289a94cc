"""`mkdocs` as a contributor runs it, for bench.py, with two bench-only switches:

    run_mkdocs.py [--hook-times FILE] [--profile FILE] [--lift-size-limit] -- build ...

--hook-times writes, as JSON, the wall and CPU time spent in each event function of our hooks and in
importing them (a timer around each call: unlike a profiler it does not slow the build down).
--profile writes a cProfile of the whole run, to see where the time inside the hooks goes.
--lift-size-limit raises the loader's refusal of large files (hooks/cvsite/load.py MAX_BYTES), which
the 10x and 50x catalogues exceed, so that the rest of the pipeline can still be measured; bench.py
reports that the limit was lifted. The project is the current directory.
"""

from __future__ import annotations

import cProfile
import functools
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

# event -> [wall seconds, CPU seconds]; CPU time is what other work on a busy machine does not inflate.
_hook_times: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])


def _timed(name: str, function):
    @functools.wraps(function)  # keeps `mkdocs_priority`, which mkdocs reads from the function
    def timed(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            _hook_times[name][0] += time.perf_counter() - wall
            _hook_times[name][1] += time.process_time() - cpu

    return timed


def _time_hooks() -> None:
    """Wrap every `on_*` function of the hook modules as mkdocs loads them."""
    from mkdocs.config.config_options import Hooks

    load = Hooks._load_hook.__wrapped__  # under its lru_cache

    @functools.cache
    def load_timed(self, name, path):
        module = _timed("import", load)(self, name, path)
        for attribute in dir(module):
            if attribute.startswith("on_") and callable(getattr(module, attribute)):
                setattr(module, attribute, _timed(attribute, getattr(module, attribute)))
        return module

    Hooks._load_hook = load_timed


def main(argv: list[str]) -> int:
    split = argv.index("--")
    options, arguments = argv[:split], argv[split + 1 :]
    if "--lift-size-limit" in options:
        # hooks/main.py imports `cvsite` from this same folder, so it gets this module object.
        sys.path.insert(0, str(Path.cwd() / "hooks"))
        import cvsite.load

        cvsite.load.MAX_BYTES = 10**10
    if "--hook-times" in options:
        _time_hooks()
    from mkdocs.__main__ import cli

    def run() -> int:
        try:
            cli.main(args=arguments, prog_name="mkdocs", standalone_mode=False)
        except SystemExit as exit_:
            return int(exit_.code or 0)
        return 0

    if "--profile" in options:
        profiler = cProfile.Profile()
        code = profiler.runcall(run)
        profiler.dump_stats(options[options.index("--profile") + 1])
    else:
        code = run()
    if "--hook-times" in options:
        Path(options[options.index("--hook-times") + 1]).write_text(json.dumps(_hook_times, indent=1))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
