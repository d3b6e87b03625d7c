import assert from "node:assert/strict";
import { ofType, type DeclaredResource } from "./harness";

/** For each type that can accept keys, the input that must switch them off and its required value. */
const keyAuthSwitches: Record<string, { input: string; value: boolean }> = {
  "eventhub:Namespace": { input: "disableLocalAuth", value: true },
  "cosmosdb:DatabaseAccount": { input: "disableLocalAuth", value: true },
  "storage:StorageAccount": { input: "allowSharedKeyAccess", value: false },
  "applicationinsights:Component": { input: "disableLocalAuth", value: true },
};

/**
 * Every resource of a key-capable type has keys off, and each type the stack must contain is
 * present (so that the check cannot pass vacuously).
 */
export function assertNoKeyBasedAuth(resources: DeclaredResource[], expectedTypes: string[]): void {
  for (const type of expectedTypes) {
    assert.ok(ofType(resources, type).length > 0, `the stack declares no ${type}`);
  }
  for (const [type, { input, value }] of Object.entries(keyAuthSwitches)) {
    for (const resource of ofType(resources, type)) {
      assert.equal(resource.inputs[input], value, `${type} ${resource.name}: ${input} must be ${value}`);
    }
  }
}
