import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";

const repoRoot = join(__dirname, "..", "..", "..");
const pipelineFile = join(repoRoot, "azure-pipelines.yml");

type Node = unknown;

function load(file: string): Node {
  return parse(readFileSync(file, "utf8"));
}

/** Every value under `key` anywhere in a YAML tree (template expressions stay as keys and are walked too). */
function valuesOf(node: Node, key: string): unknown[] {
  if (Array.isArray(node)) return node.flatMap((child) => valuesOf(child, key));
  if (node !== null && typeof node === "object") {
    return Object.entries(node).flatMap(([k, v]) => (k === key ? [v, ...valuesOf(v, key)] : valuesOf(v, key)));
  }
  return [];
}

/** Every mapping anywhere in a YAML tree that has `key`. */
function objectsWith(node: Node, key: string): Record<string, any>[] {
  if (Array.isArray(node)) return node.flatMap((child) => objectsWith(child, key));
  if (node !== null && typeof node === "object") {
    const own = key in node ? [node as Record<string, any>] : [];
    return [...own, ...Object.values(node).flatMap((v) => objectsWith(v, key))];
  }
  return [];
}

/** The pipeline file and every steps template it includes, transitively, with the file each came from. */
function pipelineFiles(): { file: string; document: Node }[] {
  const seen = new Map<string, Node>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    assert.ok(existsSync(file), `template ${relative(repoRoot, file)} does not exist`);
    const document = load(file);
    seen.set(file, document);
    for (const template of valuesOf(document, "template")) visit(join(dirname(file), String(template)));
  };
  visit(pipelineFile);
  return [...seen].map(([file, document]) => ({ file, document }));
}

/** Repository paths a script line runs or reads: ./test and anything under infra/. */
function referencedPaths(script: string): string[] {
  return [...script.matchAll(/(?:^|[\s"'=])(\.\/test|infra\/[A-Za-z0-9_./-]+)/g)].map((m) => m[1]!.replace(/\/$/, ""));
}

const scriptsDir = join(repoRoot, "infra", "scripts");

describe("azure-pipelines.yml", () => {
  const files = pipelineFiles();
  const pipeline = files[0]!.document as Record<string, any>;
  const stages: Record<string, any>[] = pipeline["stages"].flatMap((s: Record<string, any>) =>
    "stage" in s ? [s] : Object.values(s).flat(),
  );
  const stageNames = stages.map((s) => String(s["stage"]));

  test("includes only templates that exist (checked while loading) and at least the pulumi-up steps", () => {
    assert.ok(files.some((f) => f.file.endsWith(join("infra", "pipelines", "pulumi-up.yml"))));
  });

  test("every script path it runs exists, and every shell script is executable", () => {
    const paths = files.flatMap(({ document }) => [
      ...valuesOf(document, "script").flatMap((s) => referencedPaths(String(s))),
      ...valuesOf(document, "scriptPath").map(String),
    ]);
    assert.ok(paths.includes("./test"), "the build runs ./test");
    assert.ok(paths.includes("infra/scripts/package-function-app.sh"));
    assert.ok(paths.includes("infra/scripts/smoke-test.sh"));
    for (const path of paths) {
      const full = join(repoRoot, path);
      assert.ok(existsSync(full), `${path} does not exist`);
      if (path.endsWith(".sh") || path === "./test") assert.ok((statSync(full).mode & 0o111) !== 0, `${path} is not executable`);
    }
  });

  test("builds and tests with the .NET SDK from global.json and Node 20", () => {
    const build = stages.find((s) => s["stage"] === "build_and_test");
    assert.ok(build);
    const steps = valuesOf(build, "steps").flat() as Record<string, any>[];
    assert.ok(steps.some((s) => s["task"] === "UseDotNet@2" && s["inputs"]?.useGlobalJson === true));
    assert.ok(steps.some((s) => s["task"] === "NodeTool@0" && String(s["inputs"]?.versionSpec).startsWith("20")));
    assert.ok(steps.some((s) => s["script"] === "./test"));
  });

  test("deploys the global stack first, then every region, then smoke-tests", () => {
    const regionExpression = Object.keys(pipeline["stages"].find((s: object) => !("stage" in s)) ?? {})[0];
    assert.equal(regionExpression, "${{ each region in parameters.regions }}");
    const regional = stages.find((s) => String(s["stage"]).includes("${{ region }}"));
    assert.ok(regional, "a stage per region");
    assert.equal(regional["dependsOn"], "deploy_global");
    assert.equal(stages.find((s) => s["stage"] === "deploy_global")?.["dependsOn"], "package");
    assert.deepEqual(stageNames.slice(0, 3), ["build_and_test", "package", "deploy_global"]);
    assert.equal(stageNames.at(-1), "smoke_test");
    const smokeDependsOn = JSON.stringify(stages.at(-1)!["dependsOn"]);
    assert.match(smokeDependsOn, /deploy_\$\{\{ region \}\}/);
  });

  test("each deployment runs pulumi up for its own stack through the workload-identity service connection", () => {
    const ups = objectsWith(pipeline, "template").filter((o) => String(o["template"]).endsWith("pulumi-up.yml"));
    assert.deepEqual(ups.map((o) => o["parameters"]?.stack).sort(), ["${{ region }}", "global"]);
    for (const up of ups) assert.equal(up["parameters"]?.serviceConnection, "${{ variables.azureServiceConnection }}");
    const pulumiUp = files.find((f) => f.file.endsWith("pulumi-up.yml"))!.document;
    const cli = (valuesOf(pulumiUp, "task") as string[]).includes("AzureCLI@2");
    assert.ok(cli, "pulumi up runs inside AzureCLI@2");
    assert.deepEqual(valuesOf(pulumiUp, "addSpnToEnvironment"), [true]);
    const upScript = readFileSync(join(scriptsDir, "pulumi-up.sh"), "utf8");
    assert.match(upScript, /ARM_USE_OIDC=true/);
    assert.match(upScript, /pulumi up --yes --stack "\$stack"/);
  });

  test("the default regions are the global stack's regions, each with a stack file", () => {
    const defaults = (pipeline["parameters"] as { name: string; default: string[] }[]).find((p) => p.name === "regions")?.default;
    const global = load(join(repoRoot, "infra", "Pulumi.global.yaml")) as { config: Record<string, unknown> };
    assert.deepEqual(defaults, global.config["pipeline:regions"]);
    for (const region of defaults ?? []) assert.ok(existsSync(join(repoRoot, "infra", `Pulumi.${region}.yaml`)), region);
  });

  test("secrets come only from secret variables", () => {
    const text = files.map((f) => readFileSync(f.file, "utf8")).join("\n");
    for (const secret of ["PULUMI_ACCESS_TOKEN", "PIPELINE_FUNCTION_KEY"]) {
      const assignments = [...text.matchAll(new RegExp(`^\\s*${secret}:\\s*(.+)$`, "gm"))].map((m) => m[1]!.trim());
      assert.ok(assignments.length > 0, secret);
      for (const value of assignments) assert.equal(value, `$(${secret})`);
    }
  });

  test("the handler project is declared in one place only: the package script, which packages the functions folder", () => {
    const texts = [
      ...files.map((f) => readFileSync(f.file, "utf8")),
      ...readdirSync(scriptsDir).map((f) => readFileSync(join(scriptsDir, f), "utf8")),
    ];
    assert.equal(texts.filter((t) => t.includes("functions/Pipeline.Functions.csproj")).length, 1);
    const packageScript = readFileSync(join(scriptsDir, "package-function-app.sh"), "utf8");
    assert.ok(packageScript.includes('project="functions/Pipeline.Functions.csproj"'));
    assert.match(packageScript, /"\$root"\/functions\/\*\/function\.json/);
    assert.match(packageScript, /-r linux-x64 --self-contained true/);
  });
});
