"""`mkdocs` as a contributor runs it, for bench.py, with two bench-only switches:

    run_mkdocs.py [--profile FILE] [--lift-size-limit] -- build ...

--profile writes a cProfile of the whole run (bench.py sums the time under hooks/main.py's events).
--lift-size-limit raises the loader's refusal of large files (hooks/cvsite/load.py MAX_BYTES), which
the 10x and 50x catalogues exceed, so that the rest of the pipeline can still be measured; bench.py
reports that the limit was lifted. The project is the current directory.
"""

from __future__ import annotations

import cProfile
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    split = argv.index("--")
    options, arguments = argv[:split], argv[split + 1 :]
    if "--lift-size-limit" in options:
        # hooks/main.py imports `cvsite` from this same folder, so it gets this module object.
        sys.path.insert(0, str(Path.cwd() / "hooks"))
        import cvsite.load

        cvsite.load.MAX_BYTES = 10**10
    from mkdocs.__main__ import cli

    def run() -> int:
        try:
            cli.main(args=arguments, prog_name="mkdocs", standalone_mode=False)
        except SystemExit as exit_:
            return int(exit_.code or 0)
        return 0

    if "--profile" not in options:
        return run()
    profiler = cProfile.Profile()
    code = profiler.runcall(run)
    profiler.dump_stats(options[options.index("--profile") + 1])
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
