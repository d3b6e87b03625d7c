import * as pulumi from "@pulumi/pulumi";
import * as cosmosdb from "@pulumi/azure-native/cosmosdb";
import type * as types from "@pulumi/azure-native/types";
import type { GlobalConfig } from "../config";
import type { Names } from "../naming";

/** Database and container names the function app uses (`CosmosDb__databaseName` and the store code). */
export const cosmosNames = {
  database: "pipeline",
  /**
   * Event-sourced streams: one tip document plus calved batches per stream. Only what the history
   * query filters on (`i`, `n`) is indexed, so writes pay for two paths, not the whole document
   * (the same policy as `StoreProvisioner.EventsIndexingPolicy` in src/Pipeline.Cosmos).
   */
  events: {
    name: "events",
    partitionKeyPath: "/streamId",
    indexedPaths: ["/i/?", "/n/?"],
  },
  /**
   * Poison events, keyed by the Event Hubs partition they came from: an unparseable body has no
   * trustworthy stream id, and replaying a partition's dead letters is one single-partition query.
   */
  deadLetters: { name: "deadletters", partitionKeyPath: "/partitionId" },
  /** Change-feed processor leases. */
  leases: { name: "leases", partitionKeyPath: "/id" },
} as const;

type ContainerSpec = { name: string; partitionKeyPath: string; indexedPaths?: readonly string[] };

/** Index only the listed paths when a container names them; Cosmos's default (everything) otherwise. */
function indexingPolicyFor(container: ContainerSpec): types.input.cosmosdb.IndexingPolicyArgs | undefined {
  if (!container.indexedPaths) {
    return undefined;
  }
  return {
    indexingMode: cosmosdb.IndexingMode.Consistent,
    automatic: true,
    includedPaths: container.indexedPaths.map((path) => ({ path })),
    excludedPaths: [{ path: "/*" }],
  };
}

export interface Cosmos {
  account: cosmosdb.DatabaseAccount;
  database: cosmosdb.SqlResourceSqlDatabase;
  containers: cosmosdb.SqlResourceSqlContainer[];
}

/** The Cosmos DB for NoSQL account, replicated to every configured region, reachable only with Entra ID. */
export function createCosmos(config: GlobalConfig, names: Names, resourceGroupName: pulumi.Input<string>): Cosmos {
  const serverless = config.cosmos.throughput === "serverless";
  const account = new cosmosdb.DatabaseAccount("cosmos", {
    accountName: names.cosmosAccount(),
    resourceGroupName,
    location: config.regions[0],
    kind: cosmosdb.DatabaseAccountKind.GlobalDocumentDB,
    databaseAccountOfferType: cosmosdb.DatabaseAccountOfferType.Standard,
    locations: config.regions.map((region, index) => ({
      locationName: region,
      failoverPriority: index,
      isZoneRedundant: false,
    })),
    enableMultipleWriteLocations: config.cosmos.multiRegionWrites,
    enableAutomaticFailover: config.regions.length > 1,
    consistencyPolicy: { defaultConsistencyLevel: cosmosdb.DefaultConsistencyLevel.Session },
    capabilities: serverless ? [{ name: "EnableServerless" }] : [],
    // Data-plane access only through Entra ID role assignments; control-plane writes only through ARM.
    disableLocalAuth: true,
    disableKeyBasedMetadataWriteAccess: true,
    minimalTlsVersion: cosmosdb.MinimalTlsVersion.Tls12,
    publicNetworkAccess: cosmosdb.PublicNetworkAccess.Enabled,
  });

  // Throughput is shared at the database level: the containers' load moves together (events and
  // leases grow with traffic), and one autoscale maximum is one number to size and pay for.
  const database = new cosmosdb.SqlResourceSqlDatabase("cosmos-database", {
    accountName: account.name,
    resourceGroupName,
    databaseName: cosmosNames.database,
    resource: { id: cosmosNames.database },
    options: serverless ? {} : { autoscaleSettings: { maxThroughput: config.cosmos.autoscaleMaxRu } },
  });

  const specs: ContainerSpec[] = [cosmosNames.events, cosmosNames.deadLetters, cosmosNames.leases];
  const containers = specs.map(
    (container) =>
      new cosmosdb.SqlResourceSqlContainer(`cosmos-${container.name}`, {
        accountName: account.name,
        resourceGroupName,
        databaseName: database.name,
        containerName: container.name,
        resource: {
          id: container.name,
          partitionKey: { paths: [container.partitionKeyPath], kind: cosmosdb.PartitionKind.Hash, version: 2 },
          indexingPolicy: indexingPolicyFor(container),
        },
      }),
  );

  return { account, database, containers };
}
