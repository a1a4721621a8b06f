#!/usr/bin/env bash
# Runs `aws-audit scan` for action.yml and records what happened in GITHUB_OUTPUT:
# exit-code, complete, json-report, sarif-report, failing-<severity>.
#
# The step itself always succeeds so that the artifact and the (gated) SARIF upload can look at
# the outcome; verdict.sh fails the job afterwards. `complete` is read from the report this run
# wrote, never from a stale one: the stable report names are removed before the scan, so a scan
# that dies before writing cannot pass off yesterday's report as tonight's.
set -euo pipefail

: "${AWS_AUDIT_BIN:?}" "${OUT_DIR:?}" "${GITHUB_OUTPUT:?}"
json="$OUT_DIR/aws-audit-report.json"
sarif="$OUT_DIR/aws-audit-report.sarif"
rm -f "$json" "$sarif"

args=(scan --format "${FORMATS:-json,sarif,console}" --out-dir "$OUT_DIR")
[ -n "${SNAPSHOT:-}" ] && args+=(--snapshot "$SNAPSHOT")
[ -n "${REGIONS:-}" ] && args+=(--region "$REGIONS")
[ -n "${RULES:-}" ] && args+=(--rules "$RULES")
[ -n "${WAIVERS:-}" ] && args+=(--waivers "$WAIVERS")
[ -n "${ACCOUNT_ROLE_ARN:-}" ] && args+=(--role-arn "$ACCOUNT_ROLE_ARN")
[ -n "${ACCOUNTS:-}" ] && args+=(--accounts "$ACCOUNTS")
[ -n "${ORG_ROLE_NAME:-}" ] && args+=(--org-role-name "$ORG_ROLE_NAME")
[ -n "${SHARD:-}" ] && args+=(--shard "$SHARD")
[ -n "${FAIL_ON:-}" ] && args+=(--fail-on "$FAIL_ON")
if [ -n "${BASELINE_FILE:-}" ]; then
  args+=(--baseline "$BASELINE_FILE")
  [ -n "${FAIL_ON_NEW:-}" ] && args+=(--fail-on-new "$FAIL_ON_NEW")
elif [ -n "${FAIL_ON_NEW:-}" ]; then
  # Without a baseline every finding is "new": gating on it would fail the first night for
  # everything already known. fail-on (if set) still applies.
  echo "::notice title=aws-audit::no baseline, so fail-on-new is not applied this run."
fi

set +e
node "$AWS_AUDIT_BIN" "${args[@]}"
code=$?
set -e

complete=false
json_out=""
sarif_out=""
if [ -f "$json" ]; then
  json_out="$json"
  if jq -e '.scan.complete == true' "$json" >/dev/null 2>&1; then complete=true; fi
fi
[ -f "$sarif" ] && sarif_out="$sarif"
{
  echo "exit-code=$code"
  echo "complete=$complete"
  echo "json-report=$json_out"
  echo "sarif-report=$sarif_out"
  for severity in critical high medium low; do
    count=0
    [ -n "$json_out" ] && count="$(jq -r --arg s "$severity" '.summary.failingBySeverity[$s] // 0' "$json")"
    echo "failing-$severity=$count"
  done
} >>"$GITHUB_OUTPUT"
