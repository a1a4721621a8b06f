#!/usr/bin/env bash
# Uploads the SARIF files in SARIF_DIR (gathered by run-scan.sh) to GitHub code scanning through
# the REST API (POST /repos/{owner}/{repo}/code-scanning/sarifs; action.yml step "Upload SARIF").
#
# Each file is a valid upload on its own, its runs carrying their category
# (runs[].automationDetails.id, `aws-audit/<account>/…`; SARIF_CATEGORY fills in a run without
# one, with the trailing `/` upload-sarif would add). GitHub refuses an upload of more than 20
# runs whole, so files are packed into uploads of at most MAX_RUNS runs and MAX_BYTES bytes, never
# two runs of one category in one upload; a single file of more than 20 runs cannot be uploaded
# without splitting a category, and is refused here with an error naming it
# (docs/deploy/README.md "Code scanning limits").
#
# Each upload is then polled until code scanning has processed it (SARIF_POLLS times,
# SARIF_POLL_SECONDS apart): a file it rejects fails the step with GitHub's reasons. One upload's
# failure does not stop the others, whose categories are independent. Writes `uploads=<n>` to
# GITHUB_OUTPUT and exits 1 when any upload failed.
#
# API cost: 1 call per upload plus the status polls, from GH_TOKEN (needs security-events: write).
set -euo pipefail

: "${SARIF_DIR:?}" "${GITHUB_REPOSITORY:?}" "${GITHUB_SHA:?}" "${GITHUB_REF:?}" "${GITHUB_OUTPUT:?}"
max_runs="${MAX_RUNS:-20}"
max_bytes="${MAX_BYTES:-10000000}"
polls="${SARIF_POLLS:-6}"
poll_seconds="${SARIF_POLL_SECONDS:-10}"
category="${SARIF_CATEGORY:-}"
[ -z "$category" ] || [[ "$category" == */ ]] || category="$category/"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

uploads=0
failures=0
batch=()
batch_runs=0
batch_bytes=0
batch_categories=" "

error() {
  echo "::error title=aws-audit: SARIF upload::$1"
  failures=$((failures + 1))
}

# Uploads the files in `batch` as one SARIF log, then waits for code scanning to process it.
flush() {
  [ "${#batch[@]}" -gt 0 ] || return 0
  local names="${batch[*]##*/}" id status
  jq -s --arg category "$category" '
    (.[0] | {version} + (if has("$schema") then {"$schema": .["$schema"]} else {} end))
    + {runs: [.[].runs[] | if $category != "" then .automationDetails.id //= $category else . end]}
  ' "${batch[@]}" >"$work/upload.sarif"
  gzip -c "$work/upload.sarif" | base64 | tr -d '\n' >"$work/sarif.b64"
  jq -n --rawfile sarif "$work/sarif.b64" --arg sha "$GITHUB_SHA" --arg ref "$GITHUB_REF" \
    '{commit_sha: $sha, ref: $ref, sarif: $sarif}' >"$work/body.json"
  batch=()
  batch_runs=0
  batch_bytes=0
  batch_categories=" "
  if ! id="$(gh api -X POST "repos/$GITHUB_REPOSITORY/code-scanning/sarifs" --input "$work/body.json" --jq .id)" ||
    [ -z "$id" ]; then
    error "GitHub refused the upload of $names (see the log above); their categories keep their previous alerts."
    return 0
  fi
  uploads=$((uploads + 1))
  for ((poll = 1; poll <= polls; poll++)); do
    status="$(gh api "repos/$GITHUB_REPOSITORY/code-scanning/sarifs/$id" \
      --jq '.processing_status + " " + ((.errors // []) | join("; "))')" || status="unknown"
    case "$status" in
      complete*)
        echo "Uploaded $names to code scanning (upload $id)."
        return 0
        ;;
      failed*)
        error "code scanning rejected $names (upload $id): ${status#failed }"
        return 0
        ;;
    esac
    sleep "$poll_seconds"
  done
  echo "::notice title=aws-audit: SARIF upload::$names uploaded (upload $id); code scanning was still processing it (last status: ${status:-none})."
}

shopt -s nullglob
files=("$SARIF_DIR"/*.sarif)
[ "${#files[@]}" -gt 0 ] || {
  echo "uploads=0" >>"$GITHUB_OUTPUT"
  exit 0
}
for file in "${files[@]}"; do
  if ! runs="$(jq '.runs | length' "$file" 2>/dev/null)"; then
    error "${file##*/} is not a SARIF log; not uploaded."
    continue
  fi
  if [ "$runs" -gt "$max_runs" ]; then
    error "${file##*/} holds $runs runs, more than the $max_runs GitHub accepts in one upload; not uploaded, so its categories keep their previous alerts."
    continue
  fi
  bytes="$(wc -c <"$file")"
  categories="$(jq -r --arg category "$category" '.runs[] | .automationDetails.id // $category | @json' "$file" | tr '\n' ' ')"
  clash=false
  for one in $categories; do [[ "$batch_categories" == *" $one "* ]] && clash=true; done
  if [ $((batch_runs + runs)) -gt "$max_runs" ] || [ $((batch_bytes + bytes)) -gt "$max_bytes" ] || [ "$clash" = true ]; then
    flush
  fi
  batch+=("$file")
  batch_runs=$((batch_runs + runs))
  batch_bytes=$((batch_bytes + bytes))
  batch_categories="$batch_categories$categories "
done
flush
echo "uploads=$uploads" >>"$GITHUB_OUTPUT"
[ "$failures" -eq 0 ]
