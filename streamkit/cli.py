"""The ``streamkit`` command: ``streamkit emulator`` and ``streamkit demo``."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence


def _emulator(args: argparse.Namespace) -> int:
    from streamkit.testing.clock import EmulatorClock
    from streamkit.testing.emulator import Emulator

    given = {
        "aws": {"access_key_id": args.aws_access_key_id,
                "secret_access_key": args.aws_secret_access_key},
        "alibaba": {"access_key_id": args.alibaba_access_key_id,
                    "access_key_secret": args.alibaba_access_key_secret},
    }
    credentials = {provider: {k: v for k, v in values.items() if v}
                   for provider, values in given.items()}
    emulator = Emulator(host=args.host, port=args.port, credentials=credentials,
                        clock=EmulatorClock(frozen=False))
    print(json.dumps(emulator.info()), flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        emulator.serve_forever()
    return 0


def _demo(args: argparse.Namespace) -> int:
    from streamkit.demo import main

    return main()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="streamkit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    emu = commands.add_parser("emulator", help="serve the simulated clouds until killed")
    emu.add_argument("--host", default="127.0.0.1")
    emu.add_argument("--port", type=int, default=0, help="0 picks a free port")
    emu.add_argument("--aws-access-key-id")
    emu.add_argument("--aws-secret-access-key")
    emu.add_argument("--alibaba-access-key-id")
    emu.add_argument("--alibaba-access-key-secret")
    emu.set_defaults(run=_emulator)
    demo = commands.add_parser("demo", help="tour streamkit against the built-in emulator")
    demo.set_defaults(run=_demo)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
