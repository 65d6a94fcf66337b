#!/usr/bin/env python3
"""torchrun (python3 -m torch.distributed.run) with one fix, for Debian bookworm's python3-torch 1.13 on Python 3.11.

There torchrun fails before it starts any worker: Std.from_str("0") returns None, because Python 3.11 no longer
yields a zero-valued IntFlag member when iterating the class. This replaces that one function with one that builds
the flag from its number (where that is broken), then runs torchrun's own main() with the given arguments. Nothing
else is changed.
"""
import re
import sys

from torch.distributed.elastic.multiprocessing import api


def _from_str(cls, vm):
    if re.fullmatch(api._VALUE_REGEX.strip("^$"), vm):
        return cls(int(vm))
    if re.fullmatch(api._MAPPING_REGEX.strip("^$"), vm):
        return {int(i): cls(int(v)) for i, v in (m.split(":") for m in vm.split(","))}
    raise ValueError(f"{vm} does not match: <{api._VALUE_REGEX}> or <{api._MAPPING_REGEX}>")


# Only where it is broken: newer torch (2.x) parses "0" itself.
if api.Std.from_str("0") is None:
    api.Std.from_str = classmethod(_from_str)

from torch.distributed.run import main  # noqa: E402  (after the patch, as torchrun would import it)

if __name__ == "__main__":
    sys.argv[0] = "torchrun"
    main()
