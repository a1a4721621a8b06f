#!/usr/bin/env bash
# Imports the scan's findings into AWS Security Hub for action.yml (`publish-security-hub: true`):
# `aws-audit publish security-hub` over the JSON report(s) this run wrote, and records
# `publish-exit-code` (and `published`) in GITHUB_OUTPUT for verdict.sh.
#
# Only complete reports are published, like the SARIF upload: a report that could not cover
# everything would send NOT_AVAILABLE over findings Security Hub holds as FAILED. One account: the
# report's scan.complete. Organizations fan-out: each complete account's report, imported inside
# that account (`--org-role-name`; Security Hub accepts a finding only from its own account).
#
# Publishing writes to AWS, so it runs under its own role (PUBLISH_ROLE_ARN or, for fan-out,
# PUBLISH_ORG_ROLE_NAME in each account) holding what `aws-audit policy --publish` prints
# (securityhub:BatchImportFindings, securityhub:BatchUpdateFindings, securityhub:GetFindings), never
# the scan role's read-only permissions (docs/deploy/README.md "Publishing to Security Hub").
#
# The step itself always succeeds; verdict.sh fails the job when the import did (exit 2 or 3).
set -euo pipefail

: "${AWS_AUDIT_BIN:?}" "${OUT_DIR:?}" "${GITHUB_OUTPUT:?}"
record() {
  echo "published=$1" >>"$GITHUB_OUTPUT"
  echo "publish-exit-code=$2" >>"$GITHUB_OUTPUT"
}

case "${EXIT_CODE:-}" in
  0 | 1 | 3) ;;
  *)
    echo "::notice title=aws-audit Security Hub::The scan did not run to the end (exit ${EXIT_CODE:-none}): nothing published."
    record false ''
    exit 0
    ;;
esac

reports=()
if [ "${PER_ACCOUNT:-}" = "true" ]; then
  [ -n "${PUBLISH_ORG_ROLE_NAME:-}" ] || {
    echo "::error title=aws-audit Security Hub::publish-org-role-name is required with Organizations fan-out: Security Hub accepts findings only from their own account."
    record false 2
    exit 0
  }
  for report in "$OUT_DIR"/[0-9]*/aws-audit-report.json; do
    [ -f "$report" ] || continue
    if jq -e '.scan.complete == true' "$report" >/dev/null 2>&1; then
      reports+=("$report")
    else
      echo "::notice title=aws-audit Security Hub::$(basename "$(dirname "$report")"): incomplete scan, not published."
    fi
  done
else
  report="$OUT_DIR/aws-audit-report.json"
  if [ -f "$report" ] && jq -e '.scan.complete == true' "$report" >/dev/null 2>&1; then
    reports+=("$report")
  else
    echo "::notice title=aws-audit Security Hub::The scan was incomplete (or wrote no report): nothing published, so Security Hub keeps its previous findings."
  fi
fi
if [ "${#reports[@]}" -eq 0 ]; then
  record false ''
  exit 0
fi

args=(publish security-hub --report "$(IFS=,; echo "${reports[*]}")")
[ -n "${PUBLISH_REGION:-}" ] && args+=(--region "$PUBLISH_REGION")
[ -n "${PUBLISH_ROLE_ARN:-}" ] && args+=(--role-arn "$PUBLISH_ROLE_ARN")
[ "${PER_ACCOUNT:-}" = "true" ] && args+=(--org-role-name "$PUBLISH_ORG_ROLE_NAME")

set +e
node "$AWS_AUDIT_BIN" "${args[@]}"
code=$?
set -e
record "$([ "$code" -eq 0 ] && echo true || echo false)" "$code"
exit 0
