import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";

const script = join(__dirname, "..", "..", "scripts", "smoke-test.sh");
const run = promisify(execFile);

interface Posted {
  headers: IncomingMessage["headers"];
  event: { id: string; subject: string; specversion: string };
}

/** A stand-in for Front Door + the function app: accepts events, and shows each one after `readsBeforeApplied` reads. */
function fakePipeline(readsBeforeApplied: number) {
  const posted: Posted[] = [];
  const reads = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/api/events") {
        posted.push({ headers: req.headers, event: JSON.parse(body) });
        res.writeHead(202).end();
        return;
      }
      const match = /^\/api\/streams\/(.+)$/.exec(req.url ?? "");
      const event = posted.find((p) => p.event.subject === match?.[1])?.event;
      if (req.method !== "GET" || event === undefined) {
        res.writeHead(404).end();
        return;
      }
      const count = (reads.get(event.subject) ?? 0) + 1;
      reads.set(event.subject, count);
      if (count <= readsBeforeApplied) {
        res.writeHead(404, { "content-type": "application/problem+json" }).end('{"status":404}');
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ streamId: event.subject, version: 1, lastEventId: event.id }));
    });
  });
  return { server, posted };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("smoke-test.sh", () => {
  const applied = fakePipeline(1);
  const neverApplied = fakePipeline(Number.MAX_SAFE_INTEGER);
  let appliedUrl: string;
  let neverAppliedUrl: string;
  before(async () => {
    appliedUrl = await listen(applied.server);
    neverAppliedUrl = await listen(neverApplied.server);
  });
  after(() => {
    applied.server.close();
    neverApplied.server.close();
  });

  test("posts a CloudEvent with the function key and succeeds once the stream shows it", async () => {
    const { stdout } = await run(script, [appliedUrl, "30"], { env: { ...process.env, FUNCTION_KEY: "k3y" } });
    assert.match(stdout, /shows the event/);
    const [post] = applied.posted;
    assert.ok(post);
    assert.equal(post.event.specversion, "1.0");
    assert.match(post.event.subject, new RegExp(post.event.id));
    assert.equal(post.headers["content-type"], "application/cloudevents+json");
    assert.equal(post.headers["x-functions-key"], "k3y");
  });

  test("sends no key when the pipeline variable is undefined", async () => {
    await run(script, [appliedUrl, "30"], { env: { ...process.env, FUNCTION_KEY: "$(PIPELINE_FUNCTION_KEY)" } });
    assert.equal(applied.posted.at(-1)?.headers["x-functions-key"], undefined);
  });

  test("fails when the event is not applied before the timeout", async () => {
    await assert.rejects(run(script, [neverAppliedUrl, "1"]), (error: { code?: number; stderr?: string }) => {
      assert.equal(error.code, 1);
      assert.match(String(error.stderr), /not applied within 1s/);
      return true;
    });
  });
});
