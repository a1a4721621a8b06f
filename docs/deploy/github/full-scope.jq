# jq module: whether a JSON report covered this account's configured full scope.
#   jq -L docs/deploy/github --arg regions "$FULL_SCOPE_REGIONS" --arg rules "$FULL_SCOPE_RULES" \
#     'include "full-scope"; full_scope($regions; $rules)' REPORT
# An empty configured list means the whole scope ("all": every enabled region, the whole rule
# pack). The report's scan.scope (README "Report formats") records what the scan was asked for; a
# report without it (written before scopes were recorded) is never taken for a full scan. Used by
# run-scan.sh (upload gate) and fetch-baseline.sh (baseline gate), so the two cannot disagree.
def scope_list($list):
  [$list | splits("[,[:space:]]+") | select(length > 0)] | if length == 0 then "all" else sort | unique end;
def scope_asked: if type == "array" then sort | unique else . end;
def full_scope($regions; $rules):
  (.scan.scope // null) as $scope
  | $scope != null
    and ($scope.minSeverity == null)
    and ($scope.regions | scope_asked) == scope_list($regions)
    and ($scope.rules | scope_asked) == scope_list($rules);
