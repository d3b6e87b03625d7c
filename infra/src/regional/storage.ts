import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/azure-native/storage";
import type { RegionalConfig } from "../config";
import type { Names } from "../naming";

export const storageContainers = {
  /** Flex Consumption reads the app package (zip) from here with the app's identity. */
  deployments: "deployments",
  /** The archive function's JSON-lines output. */
  archive: "archive",
} as const;

export interface Storage {
  account: storage.StorageAccount;
  deployments: storage.BlobContainer;
  archive: storage.BlobContainer;
  blobEndpoint: pulumi.Output<string>;
}

/**
 * The regional storage account: Functions host storage (leases, Event Hubs checkpoints), the
 * deployment package container and the archive. Keys are disabled; everything uses Entra ID.
 */
export function createStorage(config: RegionalConfig, names: Names, resourceGroupName: pulumi.Input<string>): Storage {
  const account = new storage.StorageAccount("storage", {
    accountName: names.storageAccount(config.region),
    resourceGroupName,
    location: config.region,
    kind: storage.Kind.StorageV2,
    sku: { name: storage.SkuName.Standard_LRS },
    accessTier: storage.AccessTier.Hot,
    allowSharedKeyAccess: false,
    defaultToOAuthAuthentication: true,
    allowBlobPublicAccess: false,
    allowCrossTenantReplication: false,
    minimumTlsVersion: storage.MinimumTlsVersion.TLS1_2,
    enableHttpsTrafficOnly: true,
  });

  const container = (name: string) =>
    new storage.BlobContainer(`container-${name}`, {
      containerName: name,
      accountName: account.name,
      resourceGroupName,
      publicAccess: storage.PublicAccess.None,
    });

  return {
    account,
    deployments: container(storageContainers.deployments),
    archive: container(storageContainers.archive),
    blobEndpoint: pulumi.interpolate`https://${account.name}.blob.core.windows.net`,
  };
}
