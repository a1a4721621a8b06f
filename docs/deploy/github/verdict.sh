#!/usr/bin/env bash
# Fails the job for anything but a complete scan without gated findings (action.yml "Verdict").
# Annotations (::error) make the reason visible on the run page, not only in the log. A complete
# scan narrowed below the configured full scope (FULL_SCOPE=false) passes or fails on its findings
# like any other, and says that it went neither to code scanning nor into the baselines.
set -euo pipefail

# publish-security-hub.sh's exit code (empty when publishing was off or skipped): a failed import
# fails the job too, after the scan's own verdict is said.
publish_failed=false
if [ -n "${PUBLISH_EXIT_CODE:-}" ] && [ "$PUBLISH_EXIT_CODE" != "0" ]; then
  publish_failed=true
  echo "::error title=aws-audit: Security Hub import failed::aws-audit publish security-hub exited $PUBLISH_EXIT_CODE: some findings (listed in the log above) did not reach Security Hub or did not get their workflow status."
fi
trap '[ "$publish_failed" = true ] && exit 1' EXIT

code="${EXIT_CODE:-}"
if [ "$code" = "2" ]; then
  echo "::error title=aws-audit: usage, input or credential error::The scan did not run (exit 2). Nothing was uploaded to code scanning. See the log above."
  exit 1
fi
if [ "${COMPLETE:-}" != "true" ] || [ "$code" = "3" ]; then
  if [ "${SARIF_UPLOADED:-}" = "true" ]; then
    uploaded="The SARIF of the completely covered accounts was uploaded; the others were NOT, so their code scanning alerts were left as they were."
  else
    uploaded="The SARIF was NOT uploaded, so code scanning alerts were left as they were."
  fi
  echo "::error title=aws-audit: scan incomplete::The scan could not cover everything it was asked to (exit ${code:-none}). $uploaded The coverage section of the JSON report or summary (reports artifact) says what is missing."
  exit 1
fi
where="the reports artifact and code scanning"
narrowed=""
if [ "${FULL_SCOPE:-}" = "false" ]; then
  where="the reports artifact (a narrowed scan is not uploaded to code scanning)"
  narrowed=" (narrowed scan: not uploaded to code scanning, not a baseline)"
fi
case "$code" in
  0) echo "aws-audit: scan complete, no finding at or above the gate$narrowed." ;;
  1)
    echo "::error title=aws-audit: failing findings::Failing findings at or above fail-on / fail-on-new. They are in $where."
    exit 1
    ;;
  *)
    echo "::error title=aws-audit: internal error::The scanner exited $code."
    exit 1
    ;;
esac
