import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import type { GlobalConfig } from "../config";
import type { Names } from "../naming";

/** Who hears about alerts: one action group that every regional alert rule notifies. */
export function createActionGroup(config: GlobalConfig, names: Names, resourceGroupName: pulumi.Input<string>): monitor.ActionGroup {
  return new monitor.ActionGroup("alerts", {
    actionGroupName: names.actionGroup(),
    resourceGroupName,
    location: "global",
    enabled: true,
    // Shown in SMS and e-mail subjects; at most 12 characters.
    groupShortName: config.namePrefix.slice(0, 12),
    emailReceivers: [{ name: "operators", emailAddress: config.alertEmail, useCommonAlertSchema: true }],
  });
}
