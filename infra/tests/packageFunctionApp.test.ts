import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { zipEntries, type ZipEntry } from "./zipEntries";

const script = join(__dirname, "..", "..", "scripts", "package-function-app.sh");

// A repository in miniature: host.json, two functions, and a prebuilt handler (no dotnet publish needed).
describe("package-function-app.sh", () => {
  const root = mkdtempSync(join(tmpdir(), "package-function-app-"));
  let entries: ZipEntry[];

  before(() => {
    mkdirSync(join(root, "infra", "scripts"), { recursive: true });
    copyFileSync(script, join(root, "infra", "scripts", "package-function-app.sh"));
    chmodSync(join(root, "infra", "scripts", "package-function-app.sh"), 0o755);
    writeFileSync(join(root, "host.json"), '{"version":"2.0"}');
    for (const name of ["ingest", "project"]) {
      mkdirSync(join(root, "functions", name), { recursive: true });
      writeFileSync(join(root, "functions", name, "function.json"), '{"bindings":[]}');
    }
    mkdirSync(join(root, "functions", "Features"), { recursive: true });
    writeFileSync(join(root, "functions", "Features", "Ingest.cs"), "// not a function folder");
    const publish = join(root, "publish");
    mkdirSync(publish);
    writeFileSync(join(publish, "Pipeline.Functions"), "#!/bin/sh\n");
    chmodSync(join(publish, "Pipeline.Functions"), 0o644);
    writeFileSync(join(publish, "Pipeline.Functions.dll"), "");
    execFileSync(join(root, "infra", "scripts", "package-function-app.sh"), ["--output", join(root, "out", "app.zip"), "--handler-dir", publish], {
      stdio: "pipe",
    });
    entries = zipEntries(join(root, "out", "app.zip"));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test("puts host.json and each function's function.json at the zip root, and nothing else from functions/", () => {
    const files = entries.map((e) => e.name).filter((n) => !n.endsWith("/")).sort();
    assert.deepEqual(files, ["handler/Pipeline.Functions", "handler/Pipeline.Functions.dll", "host.json", "ingest/function.json", "project/function.json"]);
  });

  test("keeps the handler executable", () => {
    const handler = entries.find((e) => e.name === "handler/Pipeline.Functions");
    assert.ok(handler);
    assert.equal(handler.unixMode & 0o111, 0o111);
  });

  test("fails with a clear message when the publish output has no handler executable", () => {
    const empty = join(root, "empty");
    mkdirSync(empty);
    assert.throws(
      () => execFileSync(join(root, "infra", "scripts", "package-function-app.sh"), ["--handler-dir", empty], { stdio: "pipe" }),
      (error: { stderr?: Buffer }) => /no handler\/Pipeline\.Functions/.test(String(error.stderr)),
    );
  });
});
