#!/usr/bin/env python3
"""core's folders (data, models, train, run, source, ...) include one another without a cycle, and the catalogue,
which the launcher links before LibTorch is loaded, includes neither LibTorch nor another core folder but util.
Prints the cycle or the include that breaks the rule, and exits 1."""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)


def main(core: pathlib.Path) -> int:
    folders = sorted(p.name for p in core.iterdir() if p.is_dir())
    edges = {f: {} for f in folders}  # folder -> {included folder: first file that includes it}
    problems = []
    for folder in folders:
        for path in sorted((core / folder).rglob("*")):
            if path.suffix not in (".h", ".cpp"):
                continue
            for target in INCLUDE.findall(path.read_text(errors="replace")):
                head = target.split("/")[0]
                if folder == "catalogue" and (head in ("torch", "ATen", "c10") or
                                              (head in folders and head not in ("catalogue", "util"))):
                    problems.append(f"{path.relative_to(core)} includes {target}: the catalogue is torch-free and "
                                    "depends on util only")
                if head in folders and head != folder and "/" in target:
                    edges[folder].setdefault(head, str(path.relative_to(core)))
    # A depth-first search for a cycle among the folders.
    state = {}

    def visit(node, trail):
        state[node] = "open"
        for nxt in edges[node]:
            if state.get(nxt) == "open":
                cycle = trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt]
                steps = [f"{a} -> {b} ({edges[a][b]})" for a, b in zip(cycle, cycle[1:])]
                problems.append("include cycle: " + "; ".join(steps))
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for folder in folders:
        if folder not in state:
            visit(folder, [folder])
    for problem in problems:
        print(problem)
    if not problems:
        print(f"{len(folders)} folders, {sum(len(e) for e in edges.values())} dependencies, no cycle")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1])))
