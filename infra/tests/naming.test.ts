import assert from "node:assert/strict";
import { test } from "node:test";
import { Names, deterministicGuid } from "../src/naming";

// The longest public Azure region names, and the longest allowed prefix.
const regions = ["australiasoutheast", "southcentralus", "westeurope", "eastus2"];
const names = new Names({ namePrefix: "abcdefghijk", nameSuffix: "12345678" });

test("storage account names are 3-24 lower-case letters and digits, distinct per region", () => {
  const accounts = regions.map((r) => names.storageAccount(r));
  for (const account of accounts) assert.match(account, /^[a-z0-9]{3,24}$/);
  assert.equal(new Set(accounts).size, regions.length);
});

test("Event Hubs namespaces are 6-50 characters, start with a letter and end with a letter or digit", () => {
  for (const r of regions) assert.match(names.eventHubsNamespace(r), /^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$/);
});

test("function app names fit a DNS label and Cosmos DB account names fit 3-44 lower-case characters", () => {
  for (const r of regions) assert.match(names.functionApp(r), /^[a-z0-9][a-z0-9-]{0,58}[a-z0-9]$/);
  assert.match(names.cosmosAccount(), /^[a-z0-9][a-z0-9-]{1,42}[a-z0-9]$/);
});

test("role assignment names are stable GUIDs that change with any part", () => {
  const a = deterministicGuid("/scope", "principal", "role");
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(deterministicGuid("/scope", "principal", "role"), a);
  assert.notEqual(deterministicGuid("/scope", "principal", "other-role"), a);
});
