import { createHash } from "node:crypto";
import type { NamingConfig } from "./config";

/**
 * Resource names, computed the same way by every stack. Names are explicit (no Pulumi random
 * suffix) so that the global stack can route Front Door to, and chart, regional resources it
 * did not create, and so that a redeploy never renames a resource.
 */
export class Names {
  constructor(private readonly naming: NamingConfig) {}

  private get base(): string {
    return `${this.naming.namePrefix}-${this.naming.nameSuffix}`;
  }

  globalResourceGroup(): string {
    return `${this.naming.namePrefix}-global`;
  }

  cosmosAccount(): string {
    return this.base;
  }

  frontDoorProfile(): string {
    return `${this.base}-fd`;
  }

  frontDoorEndpoint(): string {
    return `${this.base}-api`;
  }

  dashboard(): string {
    return `${this.base}-dashboard`;
  }

  actionGroup(): string {
    return `${this.base}-alerts`;
  }

  regionalResourceGroup(region: string): string {
    return `${this.naming.namePrefix}-${region}`;
  }

  eventHubsNamespace(region: string): string {
    return `${this.base}-${region}`;
  }

  functionApp(region: string): string {
    return `${this.base}-${region}`;
  }

  functionAppHostName(region: string): string {
    return `${this.functionApp(region)}.azurewebsites.net`;
  }

  appServicePlan(region: string): string {
    return `${this.base}-${region}-plan`;
  }

  logAnalyticsWorkspace(region: string): string {
    return `${this.base}-${region}-logs`;
  }

  applicationInsights(region: string): string {
    return `${this.base}-${region}-ai`;
  }

  /** Storage account names are 3-24 lower-case letters and digits, unique across Azure. */
  storageAccount(region: string): string {
    const digest = createHash("sha256").update(`${this.base}/${region}`).digest("hex").slice(0, 10);
    return `st${this.naming.namePrefix.slice(0, 8)}${digest}`.slice(0, 24);
  }
}

/** Deterministic GUID (like Bicep's `guid()`), so a role assignment keeps its name across deployments. */
export function deterministicGuid(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("|")).digest("hex");
  // Shape it as an RFC 4122 version-5-style GUID: ARM validates the format, not the version.
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** ARM resource IDs of resources that another stack creates under the shared naming rules. */
export function resourceId(subscriptionId: string, resourceGroup: string, provider: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${provider}/${name}`;
}
