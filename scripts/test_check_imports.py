"""Tests of check_imports.py: it finds a circle of files, and a crate whose arrows run one way passes."""

import tempfile
import textwrap
import unittest
from pathlib import Path

import check_imports as ci


def crate(files: dict[str, str]) -> Path:
    root = Path(tempfile.mkdtemp())
    for name, text in files.items():
        f = root / "src" / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def circles(files: dict[str, str]) -> list[list[str]]:
    src = crate(files) / "src"
    return [[f.relative_to(src).as_posix() for f in c] for c in ci.circles(ci.graph(src))]


class Paths(unittest.TestCase):
    def test_use_trees_are_expanded_and_renames_dropped(self):
        self.assertEqual(
            ci.expand("crate::a::{b, c::{d, e as f}}"),
            ["crate::a::b", "crate::a::c::d", "crate::a::c::e"],
        )

    def test_comments_strings_and_inline_tests_name_nothing(self):
        text = '// crate::x\nlet s = "crate::y";\n#[cfg(test)]\nmod tests {\n    use crate::z;\n}\nfn f() { crate::w::g() }\n'
        self.assertEqual(ci.paths(text), ["crate::w::g"])


class Circles(unittest.TestCase):
    def test_two_files_naming_each_other_are_a_circle(self):
        found = circles({
            "lib.rs": "mod a;\nmod b;\n",
            "a.rs": "use crate::b::B;\npub struct A;\n",
            "b.rs": "pub struct B;\nfn f() -> crate::a::A { todo!() }\n",
        })
        self.assertEqual(found, [["a.rs", "b.rs"]])

    def test_a_re_export_imported_back_through_the_parent_closes_a_circle(self):
        found = circles({
            "lib.rs": "mod m;\n",
            "m/mod.rs": "mod core;\nmod ops;\npub use core::S;\npub use ops::go;\n",
            "m/core.rs": "pub struct S;\n",
            "m/ops.rs": "use super::S;\npub fn go(_: S) {}\n",
        })
        self.assertEqual(found, [["m/mod.rs", "m/ops.rs"]])

    def test_declaring_children_and_naming_siblings_runs_one_way(self):
        found = circles({
            "lib.rs": "mod m;\npub use m::go;\n",
            "m/mod.rs": "mod core;\nmod ops;\npub use ops::go;\n",
            "m/core.rs": "pub struct S;\n",
            "m/ops.rs": "use super::core::S;\npub fn go(_: S) {}\n#[cfg(test)]\nmod tests { use super::*; }\n",
        })
        self.assertEqual(found, [])


class Repository(unittest.TestCase):
    def test_every_crate_of_the_workspace_runs_one_way(self):
        root = Path(__file__).resolve().parent.parent
        for member in sorted((root / "crates").iterdir()) + [root / "src-tauri"]:
            with self.subTest(crate=member.name):
                self.assertEqual(ci.circles(ci.graph(member / "src")), [])


if __name__ == "__main__":
    unittest.main()
