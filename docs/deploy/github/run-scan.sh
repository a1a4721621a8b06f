#!/usr/bin/env bash
# Runs `aws-audit scan` for action.yml and records what happened in GITHUB_OUTPUT:
# exit-code, complete, full-scope, json-report, sarif-report, sarif-complete, per-account,
# failing-<severity>.
#
# The step itself always succeeds so that the artifact and the (gated) SARIF upload can look at
# the outcome; verdict.sh fails the job afterwards. Everything is read from the files this run
# wrote, never from stale ones: the stable report names are removed before the scan, so a scan
# that dies before writing cannot pass off yesterday's report as tonight's.
#
# What may go to code scanning is gathered into <out-dir>/sarif-upload/ (`sarif-report`), one
# file per SARIF the scanner wrote: aws-audit-report.sarif, or, when one file would exceed
# GitHub's limits, aws-audit-report.<category slug>.sarif per category. A report's SARIF is
# gathered only when that report is complete AND covered the configured full scope
# (FULL_SCOPE_REGIONS, FULL_SCOPE_RULES; full-scope.jq): an upload replaces its category's
# previous analysis, so a partial or narrowed one would close the alerts of everything it did not
# look at.
#
# One account: `complete` is the report's scan.complete. Organizations fan-out (ORG_ROLE_NAME):
# reports are <out-dir>/<account>/, the merged summary <out-dir>/aws-audit-summary.json gives
# `complete` for the whole run, and each account's SARIF is checked against its own report, so the
# complete accounts reach code scanning while an incomplete one keeps its previous alerts.
set -euo pipefail

: "${AWS_AUDIT_BIN:?}" "${OUT_DIR:?}" "${GITHUB_OUTPUT:?}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
upload="$OUT_DIR/sarif-upload"
per_account=false
[ -n "${ORG_ROLE_NAME:-}" ] && per_account=true
if [ "$per_account" = true ]; then
  json="$OUT_DIR/aws-audit-summary.json"
  complete_query='.coverage.complete == true'
  rm -f "$json" "$OUT_DIR"/[0-9]*/aws-audit-report.json "$OUT_DIR"/[0-9]*/aws-audit-report*.sarif
else
  json="$OUT_DIR/aws-audit-report.json"
  complete_query='.scan.complete == true'
  rm -f "$json" "$OUT_DIR"/aws-audit-report*.sarif
fi
rm -rf "$upload"

args=(scan --format "${FORMATS:-json,sarif,console}" --out-dir "$OUT_DIR")
[ -n "${SNAPSHOT:-}" ] && args+=(--snapshot "$SNAPSHOT")
[ -n "${REGIONS:-}" ] && args+=(--region "$REGIONS")
[ -n "${RULES:-}" ] && args+=(--rules "$RULES")
[ -n "${WAIVERS:-}" ] && args+=(--waivers "$WAIVERS")
[ -n "${ACCOUNT_ROLE_ARN:-}" ] && args+=(--role-arn "$ACCOUNT_ROLE_ARN")
[ -n "${ROLE_SESSION_NAME:-}" ] && args+=(--role-session-name "$ROLE_SESSION_NAME")
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

full_scope() {
  jq -e -L "$here" --arg regions "${FULL_SCOPE_REGIONS:-}" --arg rules "${FULL_SCOPE_RULES:-}" \
    'include "full-scope"; full_scope($regions; $rules)' "$1" >/dev/null 2>&1
}
# Copies the SARIF files written beside REPORT into the upload folder, named PREFIX[.slug].sarif,
# when REPORT is complete and of full scope.
gather() {
  local report="$1" prefix="$2" dir sarif
  dir="$(dirname "$report")"
  jq -e '.scan.complete == true' "$report" >/dev/null 2>&1 || return 0
  full_scope "$report" || return 0
  for sarif in "$dir"/aws-audit-report.sarif "$dir"/aws-audit-report.*.sarif; do
    [ -f "$sarif" ] || continue
    mkdir -p "$upload"
    cp "$sarif" "$upload/$prefix${sarif#"$dir"/aws-audit-report}"
  done
}

complete=false
full=false
json_out=""
if [ -f "$json" ]; then
  json_out="$json"
  if jq -e "$complete_query" "$json" >/dev/null 2>&1; then complete=true; fi
fi
if [ "$per_account" = true ]; then
  accounts=0
  narrowed=0
  for account_report in "$OUT_DIR"/[0-9]*/aws-audit-report.json; do
    [ -f "$account_report" ] || continue
    accounts=$((accounts + 1))
    full_scope "$account_report" || narrowed=$((narrowed + 1))
    gather "$account_report" "$(basename "$(dirname "$account_report")")"
  done
  [ "$accounts" -gt 0 ] && [ "$narrowed" -eq 0 ] && full=true
elif [ -n "$json_out" ]; then
  full_scope "$json" && full=true
  gather "$json" aws-audit-report
fi
if [ -n "$json_out" ] && [ "$full" = false ]; then
  echo "::notice title=aws-audit: narrowed scan::The scan covered less than the configured full scope (regions '${FULL_SCOPE_REGIONS:-all}', rules '${FULL_SCOPE_RULES:-all}'; scan.scope in the report says what it covered). It is not uploaded to code scanning and will not serve as a baseline."
fi
sarif_out=""
sarif_complete=false
if [ -d "$upload" ]; then
  sarif_out="$upload"
  sarif_complete=true
fi
{
  echo "exit-code=$code"
  echo "complete=$complete"
  echo "full-scope=$full"
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
