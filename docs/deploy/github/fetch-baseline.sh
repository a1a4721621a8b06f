#!/usr/bin/env bash
# Resolves the baseline for `aws-audit scan --baseline` (action.yml step "Baseline").
#
#   BASELINE=<file>         use that report as is (the scanner validates it and names it on error)
#   BASELINE=previous-run   fetch artifact ARTIFACT_NAME from run BASELINE_RUN_ID (`none`: the
#                           caller found no previous run, do not look again), or else from the
#                           run previous-run.sh picks (this repository's own scheduled or dispatched
#                           runs on the default branch, never a fork's), through the GitHub REST API
#                           (`gh`, preinstalled on GitHub-hosted runners; needs `actions: read`).
#                           Two API calls per job when the run id is given.
#
# Only a report that is complete and covered the configured full scope (FULL_SCOPE_REGIONS,
# FULL_SCOPE_RULES; full-scope.jq) is used: an incomplete or narrowed one would make every finding
# it missed look "new" tonight. Organizations fan-out artifacts hold <account>/aws-audit-report.json;
# the directory is handed over (the scanner reads each account's baseline from it) with only the
# accounts whose own report qualifies.
#
# A baseline is never worth a missed scan: no previous run, no artifact (expired, first night), a
# report that does not qualify, or any GitHub API or download failure (rate limit, network) means
# no baseline, said with a notice; the scan still runs and gates on `fail-on`. Writes
# `file=<path>` to GITHUB_OUTPUT when a baseline is found.
set -euo pipefail

: "${BASELINE:?}" "${GITHUB_OUTPUT:?}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

notice() { echo "::notice title=aws-audit baseline::$1"; }
without() {
  notice "$1; scanning without a baseline."
  exit 0
}

if [ "$BASELINE" != "previous-run" ]; then
  echo "file=$BASELINE" >>"$GITHUB_OUTPUT"
  exit 0
fi

: "${GITHUB_REPOSITORY:?}" "${ARTIFACT_NAME:?}" "${BASELINE_DIR:?}"
run_id="${BASELINE_RUN_ID:-}"
if [ -z "$run_id" ]; then
  # GITHUB_WORKFLOW_REF is "owner/repo/.github/workflows/<file>@<ref>".
  workflow_file="${GITHUB_WORKFLOW_REF%@*}"
  workflow_file="${workflow_file##*/}"
  run_id="$(WORKFLOW_FILE="$workflow_file" bash "$here/previous-run.sh")" ||
    without "could not look up the previous run (GitHub API)"
fi
if [ -z "$run_id" ] || [ "$run_id" = none ]; then
  without "no previous scheduled or dispatched run of this repository"
fi

artifact_id="$(gh api "repos/$GITHUB_REPOSITORY/actions/runs/$run_id/artifacts?name=$ARTIFACT_NAME" \
  --jq '[.artifacts[] | select(.expired == false)][0].id // empty')" ||
  without "could not list run $run_id's artifacts (GitHub API)"
[ -n "$artifact_id" ] || without "run $run_id has no artifact $ARTIFACT_NAME"

rm -rf "$BASELINE_DIR"
mkdir -p "$BASELINE_DIR"
gh api "repos/$GITHUB_REPOSITORY/actions/artifacts/$artifact_id/zip" >"$BASELINE_DIR/baseline.zip" ||
  without "could not download $ARTIFACT_NAME from run $run_id (GitHub API)"
unzip -o -q "$BASELINE_DIR/baseline.zip" -d "$BASELINE_DIR" ||
  without "$ARTIFACT_NAME from run $run_id is not a readable zip"

# A report stands for its account only when complete and of the configured full scope.
qualifies() {
  jq -e -L "$here" --arg regions "${FULL_SCOPE_REGIONS:-}" --arg rules "${FULL_SCOPE_RULES:-}" \
    'include "full-scope"; .scan.complete == true and full_scope($regions; $rules)' "$1" >/dev/null 2>&1
}

report="$BASELINE_DIR/aws-audit-report.json"
if [ -f "$report" ]; then
  qualifies "$report" || without "run $run_id's report in $ARTIFACT_NAME is incomplete or narrowed"
  echo "file=$report" >>"$GITHUB_OUTPUT"
  echo "Baseline: $ARTIFACT_NAME from run $run_id"
  exit 0
fi

# Organizations fan-out: one report per account; keep those that qualify, drop the others (an
# account without a baseline report is scanned without one).
kept=0
dropped=()
for account_report in "$BASELINE_DIR"/[0-9]*/aws-audit-report.json; do
  [ -f "$account_report" ] || continue
  if qualifies "$account_report"; then
    kept=$((kept + 1))
  else
    dropped+=("$(basename "$(dirname "$account_report")")")
    rm -f "$account_report"
  fi
done
[ "$kept" -gt 0 ] || without "run $run_id's $ARTIFACT_NAME holds no complete, full-scope report"
[ "${#dropped[@]}" -eq 0 ] ||
  notice "accounts ${dropped[*]} have no complete, full-scope report in run $run_id; they are scanned without a baseline."
echo "file=$BASELINE_DIR" >>"$GITHUB_OUTPUT"
echo "Baseline: $ARTIFACT_NAME from run $run_id ($kept accounts)"
