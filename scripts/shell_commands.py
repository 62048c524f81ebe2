"""The programs a bash script runs, read from its text (no bash needed): used by check_programs.py.

A small tokenizer for the bash our scripts are written in — quotes, `$(...)` (scanned as commands of their own,
also inside double quotes), `${...}`, heredoc bodies (skipped), comments, arrays `NAME=(...)` (skipped: their words
are data), redirections — and a reader that takes the word in command position after `;`, `&&`, `||`, `|`, `(`,
`!`, `if`/`then`/`do`/… . Wrappers that run their arguments (`exec`, `sudo`, `dbus-run-session --`, `keyctl
session NAME`, `xvfb-run [opts]`, `env`, a `$variable` holding a command) are followed to the program they run.
`cargo SUB` counts as `cargo-SUB` where SUB is an external subcommand (fuzz, clippy, fmt).

What it cannot see is data that becomes a command later (a word stored in a variable and run elsewhere): such a
script must also run the program by name somewhere, or the table lists it with the program that runs it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SEPARATORS = {";", "&&", "||", "|", "&", "(", ")", "((", "))", "|&", ";;"}
REDIRECTS = {">", ">>", "<", "<<<", ">&", "<&", "&>", "&>>", ">|"}
KEYWORDS_THEN_COMMAND = {"if", "then", "do", "else", "elif", "while", "until", "!", "{", "}", "time"}
KEYWORDS_END = {"fi", "done", "esac", "in"}
# Builtins and keywords of bash: not programs.
BUILTINS = {
    ".", ":", "[", "[[", "]]", "alias", "break", "builtin", "case", "cd", "continue", "declare", "echo", "eval",
    "exit", "export", "false", "for", "function", "getopts", "hash", "let", "local", "mapfile", "popd", "printf",
    "pushd", "pwd", "read", "readarray", "readonly", "return", "select", "set", "shift", "shopt", "source", "test",
    "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait",
}
# Wrappers whose arguments hold the command they run: how many words (after options) belong to the wrapper.
# "--" means: the command follows the first `--`.
WRAPPERS = {
    "exec": 0, "sudo": 0, "nice": 0, "nohup": 0, "env": 0, "xargs": 0, "setsid": 0,
    "timeout": 1, "keyctl": 0, "xvfb-run": 0, "dbus-run-session": "--", "command": 0,
}
# Options of a wrapper that take an argument.
WRAPPER_OPTIONS_WITH_ARGUMENT = {"xvfb-run": {"-s", "-n", "-e", "-f", "-p", "-w", "--server-args", "--error-file"}}
CARGO_BUILTIN = {
    "add", "bench", "build", "check", "clean", "doc", "fetch", "generate-lockfile", "info", "init", "install",
    "locate-project", "login", "logout", "metadata", "new", "owner", "package", "pkgid", "publish", "remove",
    "report", "run", "rustc", "rustdoc", "search", "test", "tree", "uninstall", "update", "vendor",
    "verify-project", "version", "yank", "help",
}
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=")
FUNCTION = re.compile(r"^\s*(?:function\s+)?([A-Za-z_][A-Za-z0-9_-]*)\s*\(\)\s*\{", re.M)


@dataclass(frozen=True)
class Use:
    """A program run by a script, where it is run."""

    program: str
    line: int


@dataclass
class Token:
    text: str
    line: int
    operator: bool = False
    expansion: bool = False  # starts with an unquoted or quoted `$` expansion (`$x`, `"${a[@]}"`)


def functions_defined(text: str) -> set[str]:
    return set(FUNCTION.findall(text))


def programs_run(text: str, line_offset: int = 0) -> list[Use]:
    """Every program the script text runs, in order (duplicates kept)."""
    uses: list[Use] = []
    tokens = _tokenize(text, line_offset, uses)
    _read_commands(tokens, uses)
    return uses


def _tokenize(text: str, line_offset: int, uses: list[Use]) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    line = 1 + line_offset
    heredocs: list[tuple[str, bool]] = []  # (terminator, strip tabs) pending at the end of this line
    word: list[str] = []
    word_line = line
    word_started = False
    expansion = False

    def flush() -> None:
        nonlocal word, word_started, expansion
        if word_started:
            tokens.append(Token("".join(word), word_line, expansion=expansion))
        word, word_started, expansion = [], False, False

    def start_word() -> None:
        nonlocal word_started, word_line
        if not word_started:
            word_started, word_line = True, line

    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n:
            if text[i + 1] == "\n":
                line += 1
                i += 2
                continue
            start_word()
            word.append(text[i + 1])
            i += 2
            continue
        if c == "\n":
            flush()
            tokens.append(Token(";", line, operator=True))
            line += 1
            i += 1
            if heredocs:
                i, line = _skip_heredocs(text, i, line, heredocs)
                heredocs = []
            continue
        if c in " \t":
            flush()
            i += 1
            continue
        if c == "#" and not word_started:
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c == "'":
            start_word()
            end = text.find("'", i + 1)
            end = n if end < 0 else end
            chunk = text[i + 1 : end]
            line += chunk.count("\n")
            word.append(chunk)
            i = end + 1
            continue
        if c == '"':
            if not word_started and text.startswith("$", i + 1):
                expansion = True
            start_word()
            i, line = _double_quoted(text, i + 1, line, word, uses)
            continue
        if c == "$":
            if not word_started:
                expansion = True
            start_word()
            i, line = _dollar(text, i, line, word, uses)
            continue
        if c == "<" and text.startswith("<<", i) and not text.startswith("<<<", i):
            flush()
            j = i + 2
            strip = j < n and text[j] == "-"
            j += 1 if strip else 0
            while j < n and text[j] in " \t":
                j += 1
            m = re.match(r"""(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1""", text[j:])
            if m:
                heredocs.append((m.group(2), strip))
                i = j + m.end()
                tokens.append(Token("<<", line, operator=True))
                tokens.append(Token(m.group(2), line))
                continue
        op = _operator_at(text, i)
        if op:
            # `2>` / `2>&1`: the descriptor belongs to the redirection, not the word before it.
            if op in REDIRECTS and word_started and "".join(word).isdigit():
                word, word_started = [], False
            flush()
            tokens.append(Token(op, line, operator=True))
            i += len(op)
            continue
        start_word()
        word.append(c)
        i += 1

    flush()
    return tokens


def _operator_at(text: str, i: int) -> str | None:
    for op in ("&>>", "&&", "||", "|&", ";;", "((", "))", ">>", ">&", "<&", "&>", ">|", "<<<", ";", "|", "&", "(",
               ")", ">", "<"):
        if text.startswith(op, i):
            return op
    return None


def _skip_heredocs(text: str, i: int, line: int, heredocs: list[tuple[str, bool]]) -> tuple[int, int]:
    for terminator, strip in heredocs:
        while i < len(text):
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            body_line = text[i:end]
            i = end + 1
            line += 1
            if (body_line.lstrip("\t") if strip else body_line) == terminator:
                break
    return i, line


def _double_quoted(text: str, i: int, line: int, word: list[str], uses: list[Use]) -> tuple[int, int]:
    n = len(text)
    while i < n and text[i] != '"':
        c = text[i]
        if c == "\\" and i + 1 < n:
            word.append(text[i + 1])
            i += 2
            continue
        if c == "$":
            i, line = _dollar(text, i, line, word, uses)
            continue
        if c == "\n":
            line += 1
        word.append(c)
        i += 1
    return i + 1, line


def _dollar(text: str, i: int, line: int, word: list[str], uses: list[Use]) -> tuple[int, int]:
    """At a `$`: `$((...))` arithmetic and `${...}` become part of the word; `$(...)` is scanned as commands."""
    if text.startswith("$((", i):
        end = _balanced(text, i + 1, "(", ")")
        word.append(text[i:end])
        return end, line + text[i:end].count("\n")
    if text.startswith("$(", i):
        end = _balanced(text, i + 1, "(", ")")
        inner = text[i + 2 : end - 1]
        uses.extend(programs_run(inner, line - 1))
        word.append("$SUBSTITUTION")
        return end, line + text[i:end].count("\n")
    if text.startswith("${", i):
        end = _balanced(text, i + 1, "{", "}")
        word.append(text[i:end])
        return end, line
    m = re.match(r"\$([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])", text[i:])
    if m:
        word.append(m.group(0))
        return i + m.end(), line
    word.append("$")
    return i + 1, line


def _balanced(text: str, i: int, open_: str, close: str) -> int:
    """The index after the `close` matching the `open_` at i, skipping quoted text."""
    depth, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "'":
            end = text.find("'", i + 1)
            i = n if end < 0 else end + 1
            continue
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
            continue
        if c == open_:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def _read_commands(tokens: list[Token], uses: list[Use]) -> None:
    i, n = 0, len(tokens)
    at_command = True
    while i < n:
        t = tokens[i]
        if t.operator:
            if t.text in REDIRECTS or t.text == "<<":
                i += 2  # the operator and its target
                continue
            if t.text == "((":  # arithmetic command: skip to its end
                while i < n and tokens[i].text != "))":
                    i += 1
            at_command = t.text in SEPARATORS
            i += 1
            continue
        word = t.text
        # An array assignment `NAME=(...)` (also in `local NAME=(...)`): its words are data.
        if word.endswith("=") and ASSIGNMENT.match(word) and i + 1 < n and tokens[i + 1].text == "(":
            depth, i = 0, i + 1
            while i < n:
                if tokens[i].operator and tokens[i].text == "(":
                    depth += 1
                elif tokens[i].operator and tokens[i].text == ")":
                    depth -= 1
                    if depth == 0:
                        break
                i += 1
            i += 1
            continue
        if not at_command:
            i += 1
            continue
        if ASSIGNMENT.match(word):  # `VAR=value cmd`: the command follows
            i += 1
            continue
        if word in KEYWORDS_THEN_COMMAND:
            i += 1
            continue
        if word in KEYWORDS_END:
            at_command = False
            i += 1
            continue
        if t.expansion:  # `$sudo_cmd apt-get …`, `"${xvfb[@]}" ./app`, `"$@"`: what follows may be the command
            i += 1
            continue
        if word in BUILTINS or "$" in word:
            at_command = False
            i += 1
            continue
        program = _program_name(word)
        if program is None:  # a path of the repository's own (./target/…, packaging/node_modules/…)
            at_command = False
            i += 1
            continue
        if program == "cargo" and i + 1 < n and not tokens[i + 1].operator:
            sub = tokens[i + 1].text
            if not sub.startswith("-") and sub not in CARGO_BUILTIN and re.match(r"^[a-z][a-z0-9-]*$", sub):
                program = "cargo-" + sub
        if program not in ("exec", "command"):  # builtins that run (or look up) the word after them
            uses.append(Use(program, t.line))
        wrapped = _after_wrapper(tokens, i, program) if program in WRAPPERS else None
        at_command = wrapped is not None
        i = i + 1 if wrapped is None else wrapped


def _program_name(word: str) -> str | None:
    if "/" not in word:
        return word
    m = re.match(r"^/(?:usr/)?(?:local/)?s?bin/([^/]+)$", word)
    return m.group(1) if m else None


def _after_wrapper(tokens: list[Token], i: int, program: str) -> int | None:
    """The index of the command a wrapper at i runs, or None where this use of it runs none."""
    rule = WRAPPERS[program]
    takes_argument = WRAPPER_OPTIONS_WITH_ARGUMENT.get(program, set())
    i += 1
    n = len(tokens)
    if program == "keyctl":  # `keyctl session NAME COMMAND…`; its other verbs run nothing
        return i + 2 if i < n and tokens[i].text == "session" else None
    if rule == "--":
        while i < n and not tokens[i].operator and tokens[i].text != "--":
            i += 1
        return i + 1
    skip_words = rule
    while i < n and not tokens[i].operator:
        word = tokens[i].text
        if program == "command" and word in ("-v", "-V", "-p"):
            i += 1
            continue
        if word.startswith("-") and program != "command":
            i += 2 if word in takes_argument else 1
            continue
        if program == "env" and ASSIGNMENT.match(word):
            i += 1
            continue
        if skip_words > 0:
            skip_words -= 1
            i += 1
            continue
        break
    return i
