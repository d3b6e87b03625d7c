#!/usr/bin/env bash
# Posts one CloudEvent through Front Door and waits until the stream's state shows it.
#
# Usage: infra/scripts/smoke-test.sh <base-url> [timeout-seconds]
#   base-url         e.g. https://pipeline-abc123-api.z01.azurefd.net
#   timeout-seconds  how long to wait for the event to be applied (default 180)
# Environment: FUNCTION_KEY, when the HTTP functions use authLevel "function" (sent as x-functions-key).
set -euo pipefail

base="${1:?usage: smoke-test.sh <base-url> [timeout-seconds]}"
base="${base%/}"
timeout="${2:-180}"
event_id="$(cat /proc/sys/kernel/random/uuid)"
stream="smoke-${event_id}"

headers=(-H "Content-Type: application/cloudevents+json")
# Azure Pipelines passes an undefined variable through as the literal text "$(NAME)".
key="${FUNCTION_KEY:-}"
[[ "$key" == '$('* ]] && key=""
[ -n "$key" ] && headers+=(-H "x-functions-key: ${key}")

event=$(printf '{"specversion":"1.0","id":"%s","source":"/pipeline/smoke-test","type":"pipeline.smoke","subject":"%s","time":"%s","datacontenttype":"application/json","data":{"check":"smoke"}}' \
  "$event_id" "$stream" "$(date -u +%Y-%m-%dT%H:%M:%SZ)")

# Front Door needs a few minutes after a first deployment before the route answers: retry the POST.
deadline=$(( $(date +%s) + timeout ))
while :; do
  status=$(curl -sS -o /tmp/smoke-post.$$ -w '%{http_code}' -X POST "${headers[@]}" --data "$event" "$base/api/events" || echo 000)
  case "$status" in
    2??) echo "smoke-test: POST /api/events -> $status (stream $stream)"; break ;;
    4??) echo "smoke-test: POST /api/events rejected with $status:" >&2; cat /tmp/smoke-post.$$ >&2; rm -f /tmp/smoke-post.$$; exit 1 ;;
  esac
  [ "$(date +%s)" -lt "$deadline" ] || { echo "smoke-test: POST /api/events kept failing ($status)" >&2; exit 1; }
  sleep 5
done
rm -f /tmp/smoke-post.$$

while :; do
  body=$(curl -sS "${headers[@]}" "$base/api/streams/$stream" -w '\n%{http_code}' || printf '\n000')
  status="${body##*$'\n'}"
  body="${body%$'\n'*}"
  if [ "$status" = 200 ] && { grep -q "$event_id" <<<"$body" || grep -Eq '"version"[[:space:]]*:[[:space:]]*[1-9]' <<<"$body"; }; then
    echo "smoke-test: GET /api/streams/$stream shows the event"
    exit 0
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "smoke-test: the event was not applied within ${timeout}s (last status $status): $body" >&2
    exit 1
  fi
  sleep 3
done
