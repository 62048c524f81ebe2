"""Tests of check_programs.py and shell_commands.py: the scan finds what a script or test runs, and the table of
the repository itself is honest (this is the test that fails when a new `Command::new("x")` has no row)."""

import tempfile
import textwrap
import unittest
from pathlib import Path

import check_programs as cp
import shell_commands as sh


def programs(script: str) -> list[str]:
    return [u.program for u in sh.programs_run(textwrap.dedent(script))]


class ShellScan(unittest.TestCase):
    def test_commands_after_separators_and_keywords_are_programs_their_arguments_are_not(self):
        self.assertEqual(
            programs("a x y; b -q && c | d || e\nif f; then g; else h; fi\nwhile i; do j; done\n! k"),
            list("abcdefghijk"),
        )

    def test_command_substitutions_count_also_inside_double_quotes(self):
        self.assertEqual(programs('x=$(date +%s)\n[ "$(id -u)" -eq 0 ] || echo "$(uname -r)"'), ["date", "id", "uname"])

    def test_heredoc_bodies_comments_and_quoted_text_are_not_commands(self):
        script = """\
            cat <<'MSG' >&2
            run this: xdotool key ctrl
            MSG
            # pgrep in a comment
            echo 'ps aux; kill 1' "grep x"
            tail -n 1 f
        """
        self.assertEqual(programs(script), ["cat", "tail"])

    def test_array_words_are_data_even_over_several_lines(self):
        script = """\
            PACKAGES=(build-essential pkg-config
              libgtk-3-dev)
            local missing=() p
            packages+=(nodejs npm)
            dpkg-query -W
        """
        self.assertEqual(programs(script), ["dpkg-query"])

    def test_wrappers_are_followed_to_the_program_they_run(self):
        script = """\
            exec dbus-run-session -- keyctl session - xvfb-run -a -s '-screen 0 1x1x24' bash "$0" "$@"
            $sudo_cmd apt-get install -y x
            DEBIAN_FRONTEND=noninteractive env A=1 timeout 5 python3 s.py
            command -v npm >/dev/null
            keyctl show
        """
        self.assertEqual(
            programs(script),
            ["dbus-run-session", "keyctl", "xvfb-run", "bash", "apt-get", "env", "timeout", "python3", "npm", "keyctl"],
        )

    def test_redirections_and_descriptors_are_not_words_and_paths_of_the_repository_are_not_programs(self):
        self.assertEqual(
            programs('a 2>/dev/null >"$log" 2>&1; ./target/release/app; packaging/node_modules/.bin/tauri build; '
                     '/usr/bin/chromium --headless'),
            ["a", "chromium"],
        )

    def test_cargo_external_subcommands_are_their_own_programs(self):
        self.assertEqual(
            programs("cargo fuzz run x; cargo clippy --all; cargo test --locked; cargo --version; cargo install y"),
            ["cargo-fuzz", "cargo-clippy", "cargo", "cargo", "cargo"],
        )

    def test_line_numbers_follow_continuations_and_heredocs(self):
        uses = sh.programs_run("a \\\n  b\ncat <<X\n1\nX\nlast\n")
        self.assertEqual([(u.program, u.line) for u in uses], [("a", 1), ("cat", 3), ("last", 6)])


class Table(unittest.TestCase):
    def rows(self, text: str) -> dict:
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "programs.tsv"
            path.write_text(textwrap.dedent(text))
            return cp.read_table(path)

    def test_a_malformed_row_is_refused_with_its_line(self):
        with self.assertRaisesRegex(cp.TableError, r"programs.tsv:2: want 4"):
            self.rows("# c\nxdotool apt:xdotool - no tabs\n")
        with self.assertRaisesRegex(cp.TableError, r"unknown source 'brew:x'"):
            self.rows("x\tbrew:x\t-\tp\n")
        with self.assertRaisesRegex(cp.TableError, r"listed twice"):
            self.rows("x\tapt:x\t-\tp\nx\tapt:x\t-\tp\n")

    def test_a_program_run_but_not_listed_is_named_with_where_it_is_run(self):
        rows = self.rows("a\tapt:a\t-\tp\n")
        found = [cp.Found("a", "s.sh:1"), cp.Found("xdotool", "e2e.rs:150")]
        problems = cp.static_problems(rows, found, {"a"}, set(), is_base=lambda p: False)
        self.assertEqual(len(problems), 1)
        self.assertIn("xdotool is run by e2e.rs:150", problems[0])

    def test_a_package_the_test_command_does_not_install_is_named(self):
        rows = self.rows("xdotool\tapt:xdotool\t-\tkeys\ngrep\tapt:grep\t-\tp\n")
        found = [cp.Found("xdotool", "e2e.rs:1"), cp.Found("grep", "s.sh:1")]
        problems = cp.static_problems(rows, found, set(), set(), is_base=lambda p: p == "grep")
        self.assertEqual(len(problems), 1)
        self.assertIn("Debian package xdotool, which the test command does not install", problems[0])

    def test_a_row_nothing_runs_is_stale_unless_it_names_who_runs_it(self):
        rows = self.rows("a\tapt:a\t-\tp\nXvfb\tapt:xvfb\txvfb-run\tp\nxvfb-run\tapt:xvfb\t-\tp\nb\tapt:b\tnobody\tp\n")
        problems = cp.static_problems(rows, [cp.Found("xvfb-run", "s:1")], {"a", "b", "xvfb"}, set(), lambda p: False)
        self.assertEqual(len(problems), 2, problems)
        self.assertIn("lists a, but no script or test runs it", problems[0])
        self.assertIn("b is run via nobody", problems[1])

    def test_essential_packages_and_apt_are_always_there_others_are_not(self):
        self.assertTrue(cp.always_there("apt"))
        self.assertTrue(cp.always_there("coreutils"))  # Essential: yes
        self.assertFalse(cp.always_there("xdotool"))  # whether installed here or not: not Essential
        self.assertFalse(cp.always_there("no-such-package-anywhere"))

    def test_workspace_binaries_need_no_row(self):
        rows = self.rows("a\tapt:a\t-\tp\n")
        found = [cp.Found("a", "x:1"), cp.Found("well-softphone", "e2e.rs:9")]
        self.assertEqual(cp.static_problems(rows, found, {"a"}, {"well-softphone"}, lambda p: False), [])

    def test_a_wine_program_needs_its_package_installed_but_is_not_looked_for_on_path(self):
        row = cp.Row("reg", "wine:wine64", "-", "the Run key under Wine")
        self.assertEqual(row.apt_package, "wine64")
        self.assertEqual(cp.path_problems({"reg": row}, which=lambda _: None), [])

    def test_a_program_missing_from_path_is_named_with_how_to_get_it(self):
        rows = self.rows("xdotool\tapt:xdotool\t-\tkeys\ntauri-driver\tcargo:tauri-driver\t-\twd\nsh\tapt:dash\t-\tp\n")
        problems = cp.path_problems(rows, which=lambda p: None if p != "sh" else "/bin/sh")
        self.assertEqual(
            problems,
            [
                "xdotool is not on PATH: install Debian package xdotool (needed for: keys)",
                "tauri-driver is not on PATH: run `cargo install tauri-driver --locked` (needed for: wd)",
            ],
        )


class ThisRepository(unittest.TestCase):
    """The real table against the real scripts and sources."""

    def setUp(self):
        self.rows = cp.read_table()
        self.found, self.scan_problems = cp.scan()
        self.binaries = cp.workspace_binaries()

    def test_every_program_run_is_listed_and_every_row_is_used(self):
        self.assertEqual(self.scan_problems, [])
        installs = {r.apt_package for r in self.rows.values() if r.apt_package}
        self.assertEqual(cp.static_problems(self.rows, self.found, installs, self.binaries, lambda p: False), [])

    def test_the_scan_sees_the_programs_the_e2e_tests_and_scripts_run(self):
        seen = {f.program for f in self.found}
        for program in ("xdotool", "pgrep", "kill", "ps", "tauri-driver", "node", "chromium", "keyctl",
                        "gnome-keyring-daemon", "xvfb-run", "dbus-run-session", "cargo-fuzz", "rpm", "dpkg-deb"):
            self.assertIn(program, seen)

    def test_the_scripts_scanned_are_those_the_two_readme_commands_run(self):
        names = {p.name for p in cp.scripts_run()}
        self.assertLessEqual({"run", "test.sh", "packages.sh", "desktop-session.sh", "fuzz.sh", "package.sh",
                              "check-deb.sh", "check-rpm.sh", "run.sh"}, names)
        self.assertNotIn("clean-room.sh", names)  # a developer's tool with its own installs, not run by CI

    def test_the_workspace_builds_the_app_and_the_simulator(self):
        self.assertLessEqual({"well-softphone", "well-sim"}, self.binaries)

    def test_dropping_xdotool_from_the_install_list_fails_naming_its_package(self):
        installs = {r.apt_package for r in self.rows.values() if r.apt_package} - {"xdotool"}
        problems = cp.static_problems(self.rows, self.found, installs, self.binaries, lambda p: False)
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("Debian package xdotool", problems[0])


if __name__ == "__main__":
    unittest.main()
