#!/usr/bin/env bash
# Resolves the baseline for `aws-audit scan --baseline` (action.yml step "Baseline").
#
#   BASELINE=<file>         use that report as is (the scanner validates it and names it on error)
#   BASELINE=previous-run   fetch artifact ARTIFACT_NAME from run BASELINE_RUN_ID, or else from this
#                           workflow's latest completed run on this branch, through the GitHub REST
#                           API (`gh api`, preinstalled on GitHub-hosted runners; needs
#                           `actions: read`). Two API calls per job when the run id is given.
#
# Only a report whose scan was complete is used: an incomplete one would make every finding in the
# regions it missed look "new" tonight. No previous run, no artifact (expired, first night) or an
# incomplete report means no baseline, said with a notice; the scan still runs and gates on
# `fail-on`. Writes `file=<path>` to GITHUB_OUTPUT when a baseline is found.
set -euo pipefail

: "${BASELINE:?}" "${GITHUB_OUTPUT:?}"

notice() { echo "::notice title=aws-audit baseline::$1"; }

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
  run_id="$(gh api "repos/$GITHUB_REPOSITORY/actions/workflows/$workflow_file/runs?status=completed&branch=${GITHUB_REF_NAME:-}&per_page=1" \
    --jq '.workflow_runs[0].id // empty')"
fi
if [ -z "$run_id" ]; then
  notice "no previous completed run; scanning without a baseline."
  exit 0
fi

artifact_id="$(gh api "repos/$GITHUB_REPOSITORY/actions/runs/$run_id/artifacts?name=$ARTIFACT_NAME" \
  --jq '[.artifacts[] | select(.expired == false)][0].id // empty')"
if [ -z "$artifact_id" ]; then
  notice "run $run_id has no artifact $ARTIFACT_NAME; scanning without a baseline."
  exit 0
fi

mkdir -p "$BASELINE_DIR"
gh api "repos/$GITHUB_REPOSITORY/actions/artifacts/$artifact_id/zip" >"$BASELINE_DIR/baseline.zip"
unzip -o -q "$BASELINE_DIR/baseline.zip" -d "$BASELINE_DIR"
report="$BASELINE_DIR/aws-audit-report.json"
if [ -f "$report" ] && jq -e '.scan.complete == true' "$report" >/dev/null 2>&1; then
  echo "file=$report" >>"$GITHUB_OUTPUT"
  echo "Baseline: $ARTIFACT_NAME from run $run_id"
else
  notice "run $run_id's report in $ARTIFACT_NAME is missing or incomplete; scanning without a baseline."
fi
