#!/usr/bin/env bash
# Runs `pulumi up` for one stack inside an AzureCLI@2 task with addSpnToEnvironment: the
# service connection's federated token becomes the azure-native provider's OIDC credential.
#
# Usage: infra/scripts/pulumi-up.sh <org>/<stack>
# Environment: PULUMI_ACCESS_TOKEN; idToken, servicePrincipalId, tenantId (set by AzureCLI@2).
set -euo pipefail

stack="${1:?usage: pulumi-up.sh <org>/<stack>}"
: "${PULUMI_ACCESS_TOKEN:?PULUMI_ACCESS_TOKEN must be set (secret pipeline variable)}"
: "${idToken:?idToken missing: the service connection must use workload identity federation and addSpnToEnvironment: true}"

export ARM_USE_OIDC=true
export ARM_OIDC_TOKEN="$idToken"
export ARM_CLIENT_ID="${servicePrincipalId:?}"
export ARM_TENANT_ID="${tenantId:?}"
ARM_SUBSCRIPTION_ID="$(az account show --query id --output tsv)"
export ARM_SUBSCRIPTION_ID

cd "$(dirname "${BASH_SOURCE[0]}")/.."
pulumi stack select --create "$stack"
pulumi up --yes --stack "$stack"
