import * as pulumi from "@pulumi/pulumi";
import { readStackConfig } from "./src/config";
import { deployGlobal } from "./src/global/stack";
import { deployRegional } from "./src/regional/stack";

// `pulumi up -s global` provisions the shared resources; `pulumi up -s <region>` one region.
const config = readStackConfig(new pulumi.Config("pipeline"), {
  location: new pulumi.Config("azure-native").get("location"),
  organization: pulumi.getOrganization(),
  project: pulumi.getProject(),
});

const stack = config.kind === "global" ? deployGlobal(config) : deployRegional(config);

// Pulumi publishes the module's exports as the stack outputs.
export = stack.outputs;
