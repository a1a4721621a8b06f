#!/usr/bin/env bash
# Runs `aws-audit scan` for action.yml and records what happened in GITHUB_OUTPUT:
# exit-code, complete, json-report, sarif-report, sarif-complete, per-account, failing-<severity>.
#
# The step itself always succeeds so that the artifact and the (gated) SARIF upload can look at
# the outcome; verdict.sh fails the job afterwards. Everything is read from the files this run
# wrote, never from stale ones: the stable report names are removed before the scan, so a scan
# that dies before writing cannot pass off yesterday's report as tonight's.
#
# One account: `complete` is the report's scan.complete, and the SARIF may be uploaded only when
# it is true. Organizations fan-out (ORG_ROLE_NAME): reports are <out-dir>/<account>/, the merged
# summary <out-dir>/aws-audit-summary.json gives `complete` for the whole run, and the scanner
# writes SARIF only for accounts it covered completely; those files are gathered into
# <out-dir>/sarif-upload/ (each checked against its own report), so the complete accounts reach
# code scanning while an incomplete one keeps its previous alerts.
set -euo pipefail

: "${AWS_AUDIT_BIN:?}" "${OUT_DIR:?}" "${GITHUB_OUTPUT:?}"
per_account=false
[ -n "${ORG_ROLE_NAME:-}" ] && per_account=true
if [ "$per_account" = true ]; then
  json="$OUT_DIR/aws-audit-summary.json"
  complete_query='.coverage.complete == true'
  sarif="$OUT_DIR/sarif-upload"
  rm -rf "$sarif"
  rm -f "$json" "$OUT_DIR"/[0-9]*/aws-audit-report.json "$OUT_DIR"/[0-9]*/aws-audit-report.sarif
else
  json="$OUT_DIR/aws-audit-report.json"
  complete_query='.scan.complete == true'
  sarif="$OUT_DIR/aws-audit-report.sarif"
  rm -f "$json" "$sarif"
fi

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
sarif_complete=false
if [ -f "$json" ]; then
  json_out="$json"
  if jq -e "$complete_query" "$json" >/dev/null 2>&1; then complete=true; fi
fi
if [ "$per_account" = true ]; then
  for account_sarif in "$OUT_DIR"/[0-9]*/aws-audit-report.sarif; do
    [ -f "$account_sarif" ] || continue
    account_dir="$(dirname "$account_sarif")"
    if jq -e '.scan.complete == true' "$account_dir/aws-audit-report.json" >/dev/null 2>&1; then
      mkdir -p "$sarif"
      cp "$account_sarif" "$sarif/$(basename "$account_dir").sarif"
    fi
  done
  if [ -d "$sarif" ]; then
    sarif_out="$sarif"
    sarif_complete=true
  fi
else
  [ -f "$sarif" ] && sarif_out="$sarif"
  sarif_complete="$complete"
fi
{
  echo "exit-code=$code"
  echo "complete=$complete"
  echo "json-report=$json_out"
  echo "sarif-report=$sarif_out"
  echo "sarif-complete=$sarif_complete"
  echo "per-account=$per_account"
  for severity in critical high medium low; do
    count=0
    [ -n "$json_out" ] && count="$(jq -r --arg s "$severity" '.summary.failingBySeverity[$s] // 0' "$json")"
    echo "failing-$severity=$count"
  done
} >>"$GITHUB_OUTPUT"
