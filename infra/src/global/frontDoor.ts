import * as pulumi from "@pulumi/pulumi";
import * as cdn from "@pulumi/azure-native/cdn";
import type { GlobalConfig } from "../config";
import type { Names } from "../naming";

/** The path every regional function app answers health probes on (the `health` HTTP function). */
export const healthProbePath = "/api/health";

export interface FrontDoor {
  profile: cdn.Profile;
  endpoint: cdn.AFDEndpoint;
  originGroup: cdn.AFDOriginGroup;
  origins: cdn.AFDOrigin[];
  route: cdn.Route;
}

/**
 * Azure Front Door (Standard): one public endpoint that sends `/api/*` to the nearest healthy
 * regional function app. Origins are computed from the configured regions and the shared naming
 * rules, so the global stack can be deployed before the regional ones; until a region is up its
 * origin simply fails the health probe and receives no traffic.
 */
export function createFrontDoor(config: GlobalConfig, names: Names, resourceGroupName: pulumi.Input<string>): FrontDoor {
  const profile = new cdn.Profile("front-door", {
    profileName: names.frontDoorProfile(),
    resourceGroupName,
    location: "global",
    sku: { name: cdn.SkuName.Standard_AzureFrontDoor },
    originResponseTimeoutSeconds: 60,
  });

  const endpoint = new cdn.AFDEndpoint("front-door-endpoint", {
    endpointName: names.frontDoorEndpoint(),
    profileName: profile.name,
    resourceGroupName,
    location: "global",
    enabledState: cdn.EnabledState.Enabled,
  });

  const originGroup = new cdn.AFDOriginGroup("function-apps", {
    originGroupName: "function-apps",
    profileName: profile.name,
    resourceGroupName,
    healthProbeSettings: {
      probePath: healthProbePath,
      probeRequestType: cdn.HealthProbeRequestType.GET,
      probeProtocol: cdn.ProbeProtocol.Https,
      probeIntervalInSeconds: 30,
    },
    // Latency-based routing among the healthy regions; a region within 50 ms of the fastest shares traffic.
    loadBalancingSettings: { sampleSize: 4, successfulSamplesRequired: 3, additionalLatencyInMilliseconds: 50 },
    sessionAffinityState: cdn.EnabledState.Disabled,
  });

  const origins = config.regions.map((region) => {
    const hostName = names.functionAppHostName(region);
    return new cdn.AFDOrigin(`origin-${region}`, {
      originName: region,
      originGroupName: originGroup.name,
      profileName: profile.name,
      resourceGroupName,
      hostName,
      // App Service routes by Host header: it must be the app's own host name.
      originHostHeader: hostName,
      httpPort: 80,
      httpsPort: 443,
      priority: 1,
      weight: 1000,
      enabledState: cdn.EnabledState.Enabled,
      enforceCertificateNameCheck: true,
    });
  });

  // A route on an origin group without origins is rejected, hence the explicit dependency.
  const route = new cdn.Route(
    "api",
    {
      routeName: "api",
      endpointName: endpoint.name,
      profileName: profile.name,
      resourceGroupName,
      originGroup: { id: originGroup.id },
      patternsToMatch: ["/api/*"],
      supportedProtocols: [cdn.AFDEndpointProtocols.Http, cdn.AFDEndpointProtocols.Https],
      httpsRedirect: cdn.HttpsRedirect.Enabled,
      forwardingProtocol: cdn.ForwardingProtocol.HttpsOnly,
      linkToDefaultDomain: cdn.LinkToDefaultDomain.Enabled,
      enabledState: cdn.EnabledState.Enabled,
    },
    { dependsOn: origins },
  );

  return { profile, endpoint, originGroup, origins, route };
}
