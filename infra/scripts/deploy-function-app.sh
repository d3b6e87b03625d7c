#!/usr/bin/env bash
# Deploys the function-app package to one region's Flex Consumption app (Flex "one deploy" through
# the Azure CLI, authenticated with Entra ID; the app has basic publishing credentials disabled).
#
# Usage: infra/scripts/deploy-function-app.sh <regional stack, e.g. westeurope or org/westeurope> <package.zip>
# Environment: PULUMI_ACCESS_TOKEN; optional PIPELINE_FUNCTION_KEY, installed as the host key
#   "clients" in every region so that one key works behind Front Door whichever region answers.
set -euo pipefail

usage="usage: deploy-function-app.sh <stack> <package.zip>"
stack="${1:?$usage}"
package="$(realpath -m "${2:?$usage}")"
[ -f "$package" ] || { echo "deploy-function-app: package $package not found" >&2; exit 1; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."
group="$(pulumi stack output resourceGroupName --stack "$stack")"
app="$(pulumi stack output functionAppName --stack "$stack")"

az functionapp deployment source config-zip --resource-group "$group" --name "$app" --src "$package"

# Azure Pipelines passes an undefined variable through as the literal text "$(NAME)".
key="${PIPELINE_FUNCTION_KEY:-}"
[[ "$key" == '$('* ]] && key=""
if [ -n "$key" ]; then
  az functionapp keys set --resource-group "$group" --name "$app" \
    --key-type functionKeys --key-name clients --key-value "$key" --output none
fi
echo "deploy-function-app: deployed $package to $app ($group)"
