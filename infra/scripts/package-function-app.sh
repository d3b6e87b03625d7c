#!/usr/bin/env bash
# Builds the function app's deployment package (a zip for Flex Consumption "one deploy"):
#   host.json                      from the repository root
#   <name>/function.json           one folder per function, from functions/<name>/function.json
#   handler/Pipeline.Functions     the custom handler: a self-contained linux-x64 publish, executable
#
# Usage: infra/scripts/package-function-app.sh [--output <zip>] [--handler-dir <prebuilt publish dir>]
#   --output       where to write the zip (default: .pipeline/package/functionapp.zip)
#   --handler-dir  package an existing publish output instead of running dotnet publish
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
project="functions/Pipeline.Functions.csproj"
executable="Pipeline.Functions"
output="$root/.pipeline/package/functionapp.zip"
handler_dir=""

while [ $# -gt 0 ]; do
  case "$1" in
    --output) output="$(realpath -m "${2:?--output needs a path}")"; shift 2 ;;
    --handler-dir) handler_dir="$(realpath "${2:?--handler-dir needs a directory}")"; shift 2 ;;
    *) echo "package-function-app: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

fail() { echo "package-function-app: $*" >&2; exit 1; }

[ -f "$root/host.json" ] || fail "host.json not found at the repository root"
shopt -s nullglob
function_files=("$root"/functions/*/function.json)
[ ${#function_files[@]} -gt 0 ] || fail "no functions/<name>/function.json found"

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT

if [ -z "$handler_dir" ]; then
  [ -f "$root/$project" ] || fail "$project not found"
  dotnet publish "$root/$project" -c Release -r linux-x64 --self-contained true \
    -p:PublishReadyToRun=true -p:DebugType=none --nologo -o "$staging/handler"
else
  mkdir -p "$staging/handler"
  cp -a "$handler_dir/." "$staging/handler/"
fi
[ -f "$staging/handler/$executable" ] || fail "the publish output has no handler/$executable (host.json's defaultExecutablePath)"
# The Functions host starts the handler directly: it must stay executable inside the zip.
chmod +x "$staging/handler/$executable"

cp "$root/host.json" "$staging/host.json"
for file in "${function_files[@]}"; do
  name="$(basename "$(dirname "$file")")"
  mkdir -p "$staging/$name"
  cp "$file" "$staging/$name/function.json"
done

mkdir -p "$(dirname "$output")"
rm -f "$output"
# Both writers keep Unix permissions (the execute bit) in the entries' external attributes.
if command -v zip >/dev/null; then
  (cd "$staging" && zip -q -r -X "$output" .)
else
  python3 - "$staging" "$output" <<'PY'
import os, sys, zipfile
staging, output = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, _, files in sorted(os.walk(staging)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, staging))
PY
fi
echo "package-function-app: wrote $output (${#function_files[@]} functions)"
