#!/usr/bin/env bash
# Prints the id of the run whose artifacts may serve as tonight's baselines, or nothing.
#
# Only a run this repository made for itself qualifies: `branch=` alone also matches a fork pull
# request from a branch of the same name, whose artifacts the fork author controls (a crafted
# report would make real regressions read as "unchanged" and bypass fail-on-new). So the run must
# be of this workflow, completed, from this repository (head_repository), on the default branch,
# and started by the schedule or by hand (workflow_dispatch): events only people with write access
# can cause. Each report in its artifacts is then still checked (complete, full scope).
#
#   GITHUB_REPOSITORY  owner/repo (set by Actions)
#   WORKFLOW_FILE      the workflow's file name, e.g. nightly-scan.yml
#   DEFAULT_BRANCH     optional; looked up (one more API call) when empty, e.g. on `schedule`,
#                      whose event payload does not carry the repository
#
# Exits 0 with no output when there is no such run; exits non-zero when the API cannot be asked
# (the caller falls back to "no baseline" with a notice).
set -euo pipefail

: "${GITHUB_REPOSITORY:?}" "${WORKFLOW_FILE:?}"
branch="${DEFAULT_BRANCH:-}"
[ -n "$branch" ] || branch="$(gh api "repos/$GITHUB_REPOSITORY" --jq .default_branch)"
[ -n "$branch" ] || exit 1
runs="$(gh api "repos/$GITHUB_REPOSITORY/actions/workflows/$WORKFLOW_FILE/runs?status=completed&branch=$branch&per_page=30")"
jq -r --arg repo "$GITHUB_REPOSITORY" --arg branch "$branch" '
  [.workflow_runs[]
   | select(.head_repository.full_name == $repo and .head_branch == $branch
            and (.event == "schedule" or .event == "workflow_dispatch"))][0].id // empty
' <<<"$runs"
