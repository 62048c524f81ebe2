#!/usr/bin/env python3
"""Every program the test command runs is listed, installed by it, and on PATH — or it fails at once, naming it.

  check_programs.py --installs PKG...   before installing: the table (scripts/programs.tsv) covers every program
                                        the scripts and test sources run, lists nothing that nothing runs, and
                                        each apt package of it is one the test command installs (PKG...) or one
                                        every Debian system has (Essential, or apt itself)
  check_programs.py --on-path           after installing: every listed program is on PATH

What is scanned: the shell scripts the two README commands run (.ci/run and scripts/run.sh, and every
scripts/*.sh they run or source, followed) through shell_commands.py; Rust sources
(`Command::new("…")`, `words_of("…")`, "/usr/bin/…" literals; a `Command::new` of anything but a literal must be
one of DYNAMIC below); JavaScript test sources ("/usr/bin/…", spawn/execFile of a literal). The workspace's own
binaries (read from the members' Cargo.toml) need no row.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import shell_commands  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "scripts" / "programs.tsv"
SKIP_DIRS = {"target", "node_modules", ".git", "target-windows"}
# `Command::new(EXPR)` whose EXPR is not a literal: which program it runs ("" = the workspace's own binary).
DYNAMIC = {
    "app_binary()": "",  # the app under test (target/…/well-softphone or WELL_APP_BINARY, /usr/bin/well-softphone)
    "&bin": "tauri-driver",  # e2e harness: $TAURI_DRIVER or tauri-driver
    "program": "",  # words_of(program, …): its callers are scanned as words_of("…")
    "&program": "",  # the screen-pop program hook: the agent's own program, from the settings
    "binary": "",  # the app benchmark's direct starts: app_binary() passed in (benches/app/direct.rs)
}
RUST_LITERAL = re.compile(r'(?:Command::new|words_of)\(\s*"([^"]+)"')
ABSOLUTE_PROGRAM = re.compile(r"""["'](/(?:usr/)?(?:local/)?s?bin/[A-Za-z0-9_.+-]+)["']""")
JS_SPAWN = re.compile(r"""\b(?:spawn|spawnSync|execFile|execFileSync)\(\s*["']([^"']+)["']""")


@dataclass(frozen=True)
class Row:
    program: str
    source: str  # apt:PKG, wine:PKG, cargo:CRATE, rustup
    via: str  # "-" or the program that runs it
    purpose: str

    @property
    def apt_package(self) -> str | None:
        if self.source.startswith(("apt:", "wine:")):
            return self.source.split(":", 1)[1]
        return None

    @property
    def in_wine(self) -> bool:
        """A program of the Wine prefix (run by the Windows tests under Wine), not on Linux's PATH."""
        return self.source.startswith("wine:")

    def how_to_get(self) -> str:
        if self.apt_package:
            return f"install Debian package {self.apt_package}"
        if self.source.startswith("cargo:"):
            return f"run `cargo install {self.source[6:]} --locked`"
        if self.source.startswith("rustup:"):
            return f"run `rustup component add {self.source[7:]}`"
        return "install the Rust toolchain (rustup) and put ~/.cargo/bin on PATH"


@dataclass(frozen=True)
class Found:
    program: str
    where: str  # path:line


class TableError(Exception):
    pass


def read_table(path: Path = TABLE) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise TableError(f"{path.name}:{number}: want 4 tab-separated fields, found {len(fields)}")
        row = Row(*fields)
        if not re.match(r"^((apt|wine):[a-z0-9][a-z0-9+.-]*|cargo:[A-Za-z0-9_-]+|rustup(:[a-z-]+)?)$", row.source):
            raise TableError(f"{path.name}:{number}: unknown source {row.source!r}")
        if row.program in rows:
            raise TableError(f"{path.name}:{number}: {row.program} is listed twice")
        rows[row.program] = row
    return rows


def workspace_binaries(root: Path = ROOT) -> set[str]:
    """The binaries the workspace builds (a package with src/main.rs, src/bin/*.rs, [[bin]] names)."""
    manifest = tomllib.loads((root / "Cargo.toml").read_text())
    names: set[str] = set()
    for member in manifest.get("workspace", {}).get("members", []):
        folder = root / member
        package = tomllib.loads((folder / "Cargo.toml").read_text())
        if (folder / "src" / "main.rs").exists():
            names.add(package["package"]["name"])
        names.update(p.stem for p in (folder / "src" / "bin").glob("*.rs"))
        names.update(b["name"] for b in package.get("bin", []) if "name" in b)
    return names


def _files(root: Path, suffixes: tuple[str, ...]) -> list[Path]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        out.extend(Path(dirpath) / f for f in filenames if f.endswith(suffixes))
    return sorted(out)


ENTRY_SCRIPTS = (".ci/run", "scripts/run.sh")
SCRIPT_REFERENCE = re.compile(r"""(?:\bbash|\bsource|^\s*\.)\s+["']?(scripts/[A-Za-z0-9_.-]+\.sh)""", re.M)


def scripts_run(root: Path = ROOT) -> list[Path]:
    """The entry scripts and every script of the repository they run or source, transitively."""
    todo = [root / e for e in ENTRY_SCRIPTS if (root / e).exists()]
    seen: list[Path] = []
    while todo:
        script = todo.pop()
        if script in seen:
            continue
        seen.append(script)
        for name in SCRIPT_REFERENCE.findall(script.read_text()):
            if (root / name).exists():
                todo.append(root / name)
    return sorted(seen)


def scan(root: Path = ROOT) -> tuple[list[Found], list[str]]:
    """Every program the scripts and sources run, and the problems the scan itself found."""
    found: list[Found] = []
    problems: list[str] = []
    scripts = scripts_run(root)
    functions: set[str] = set()
    for script in scripts:
        functions |= shell_commands.functions_defined(script.read_text())
    for script in scripts:
        rel = script.relative_to(root)
        for use in shell_commands.programs_run(script.read_text()):
            if use.program not in functions:
                found.append(Found(use.program, f"{rel}:{use.line}"))
    for source in _files(root, (".rs",)):
        rel = source.relative_to(root)
        for number, line in enumerate(source.read_text().splitlines(), 1):
            for m in RUST_LITERAL.finditer(line):
                found.append(Found(m.group(1), f"{rel}:{number}"))
            for m in ABSOLUTE_PROGRAM.finditer(line):
                found.append(Found(Path(m.group(1)).name, f"{rel}:{number}"))
            for expr in _command_new_arguments(line):
                if expr.startswith('"'):
                    continue
                if expr not in DYNAMIC:
                    problems.append(
                        f"{rel}:{number}: Command::new({expr}) runs a program the check cannot name: add it to DYNAMIC "
                        f"in scripts/check_programs.py with the program it means"
                    )
                elif DYNAMIC[expr]:
                    found.append(Found(DYNAMIC[expr], f"{rel}:{number}"))
    for source in _files(root, (".js", ".mjs", ".cjs")):
        rel = source.relative_to(root)
        if rel.parts[0] == "ui":
            continue  # the app's page runs no programs
        for number, line in enumerate(source.read_text().splitlines(), 1):
            for m in ABSOLUTE_PROGRAM.finditer(line):
                found.append(Found(Path(m.group(1)).name, f"{rel}:{number}"))
            for m in JS_SPAWN.finditer(line):
                found.append(Found(Path(m.group(1)).name, f"{rel}:{number}"))
    return found, problems


def _command_new_arguments(line: str) -> list[str]:
    """The argument expressions of every `Command::new(…)` on a line (parentheses balanced)."""
    out = []
    start = line.find("Command::new(")
    while start >= 0:
        i = start + len("Command::new(")
        depth = 1
        j = i
        while j < len(line) and depth:
            depth += {"(": 1, ")": -1}.get(line[j], 0)
            j += 1
        out.append(line[i : j - 1].strip())
        start = line.find("Command::new(", j)
    return out


# The test command installs with apt-get: where apt is missing, nothing can be installed at all.
PACKAGE_MANAGER = "apt"


def always_there(package: str) -> bool:
    """Whether every Debian system has the package: Essential (dpkg refuses to remove it), or apt itself. Priority
    says less than it seems: apt is "required" on the image but "important" in a debootstrapped root."""
    if package == PACKAGE_MANAGER:
        return True
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}|${Essential}", package], capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        return False
    status, _, essential = out.stdout.partition("|")
    return out.returncode == 0 and "install ok installed" in status and essential == "yes"


def static_problems(
    rows: dict[str, Row],
    found: list[Found],
    installs: set[str],
    builtins: set[str],
    is_base=always_there,
) -> list[str]:
    problems: list[str] = []
    used: dict[str, list[str]] = {}
    for f in found:
        used.setdefault(f.program, []).append(f.where)
    for program, where in sorted(used.items()):
        if program in builtins:
            continue
        if program not in rows:
            problems.append(
                f"{program} is run by {', '.join(where[:3])} but scripts/programs.tsv does not list it: add a row "
                f"with the package that has it and install that package in scripts/packages.sh"
            )
    for row in rows.values():
        if row.program in builtins:
            problems.append(f"{row.program} is a binary of the workspace: it needs no row in scripts/programs.tsv")
        if row.via == "-" and row.program not in used:
            problems.append(
                f"scripts/programs.tsv lists {row.program}, but no script or test runs it: remove the row, or name "
                f"the program that runs it in the 'via' column"
            )
        if row.via != "-" and row.via not in rows:
            problems.append(f"{row.program} is run via {row.via}, which scripts/programs.tsv does not list")
        package = row.apt_package
        if package and package not in installs and not is_base(package):
            problems.append(
                f"{row.program} comes from Debian package {package}, which the test command does not install: add "
                f"{package} to the package lists in scripts/packages.sh"
            )
    return problems


def path_problems(rows: dict[str, Row], which=shutil.which) -> list[str]:
    return [
        f"{row.program} is not on PATH: {row.how_to_get()} (needed for: {row.purpose})"
        for row in rows.values()
        if not row.in_wine and which(row.program) is None
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--installs", nargs="*", metavar="PKG", help="the Debian packages the test command installs")
    mode.add_argument("--on-path", action="store_true", help="check that every listed program is on PATH")
    args = parser.parse_args(argv)
    try:
        rows = read_table()
    except TableError as e:
        print(f"check-programs: {e}", file=sys.stderr)
        return 1
    if args.on_path:
        problems = path_problems(rows)
    else:
        found, problems = scan()
        problems += static_problems(rows, found, set(args.installs), workspace_binaries())
    for p in problems:
        print(f"check-programs: {p}", file=sys.stderr)
    if problems:
        return 1
    what = "on PATH" if args.on_path else "listed, and installed by the test command"
    print(f"check-programs: all {len(rows)} programs the tests and scripts run are {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
