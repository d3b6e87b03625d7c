// Writes partition-key test vectors computed by the official @azure/event-hubs mapper, so our C# port is
// checked against the SDK itself. Usage: node generate-partition-key-vectors.mjs [output.json]
// The key set is generated from a fixed seed: running this twice produces identical bytes.
import { writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(process.cwd(), "package.json"));
// The mapper is internal to the package (not in its exports map), so import its dist file directly.
const packageJson = require.resolve("@azure/event-hubs/package.json", { paths: [process.cwd(), here] });
const mapperFile = join(dirname(packageJson), "dist", "esm", "impl", "partitionKeyToIdMapper.js");
const { mapPartitionKeyToId, hashPartitionKey } = await import(pathToFileURL(mapperFile).href);
const sdkVersion = require(packageJson).version;

const output = resolve(process.argv[2] ?? join(here, "partition-key-vectors.json"));
const partitionCounts = [1, 2, 4, 8, 16, 32, 100, 1024];

// Mulberry32: a tiny deterministic PRNG, so the vectors are reproducible.
let state = 0x5eed1234;
function random() {
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (chars) => chars[Math.floor(random() * chars.length)];
const randomString = (alphabet, length) => Array.from({ length }, () => pick(alphabet)).join("");

const ascii = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:@ "];
const unicode = [..."éüßñøåçЖдλπ中文日本語한국어ą€£¥😀🎬🍿👩‍💻🇳🇱"];
const keys = [
  "", " ", "a", "ab", "abc", "viewer-1", "viewer-2", "00000000-0000-0000-0000-000000000000",
  "Ünïcödé", "日本語", "😀", "🎬🍿", "\u00e9", "e\u0301", "tab\tand\nnewline", "quote\"backslash\\",
];
// Every length from 0 to 40 exercises each tail case of the hash and several 12-byte blocks.
for (let length = 0; length <= 40; length++) keys.push("k".repeat(length));
for (let length = 1; length <= 40; length++) keys.push(randomString(ascii, length));
for (let i = 0; i < 700; i++) keys.push(randomString(ascii, 1 + Math.floor(random() * 64)));
for (let i = 0; i < 250; i++) keys.push(randomString(unicode, 1 + Math.floor(random() * 24)));
for (const length of [100, 255, 256, 1000, 4096]) keys.push(randomString(ascii, length));
for (const length of [100, 300]) keys.push(randomString(unicode, length));

const vectors = keys.map((key) => ({
  key,
  hash: hashPartitionKey(key),
  partitions: partitionCounts.map((count) => mapPartitionKeyToId(key, count)),
}));

const lines = vectors.map((vector) => "    " + JSON.stringify(vector));
const text =
  "{\n" +
  `  "generator": "tests/Pipeline.Core.Tests/vectors/generate-partition-key-vectors.mjs",\n` +
  `  "sdk": ${JSON.stringify("@azure/event-hubs " + sdkVersion)},\n` +
  `  "partitionCounts": ${JSON.stringify(partitionCounts)},\n` +
  '  "vectors": [\n' + lines.join(",\n") + "\n  ]\n}\n";
writeFileSync(output, text, "utf8");
console.log(`${vectors.length} vectors written to ${output}`);
