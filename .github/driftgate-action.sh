#!/usr/bin/env bash
# The gate step of action.yml, kept as a script so it can be tested outside GitHub: runs driftgate check
# with the action's inputs, appends the Markdown report to the job summary from the same run, and exits
# with driftgate's own exit code so the job fails exactly when the gate does.
set -uo pipefail
args=(check)
# Stores and extra args are word-split on purpose (two stores; several flags); each word stays one argument.
read -r -a stores <<<"${DG_STORES:-}"
read -r -a extra <<<"${DG_ARGS:-}"
args+=("${stores[@]}" --environments "${DG_ENVIRONMENTS:-environments}" --fail-on "${DG_FAIL_ON:-breaking}" --format "${DG_FORMAT:-github}")
[[ -n "${DG_OUTPUT:-}" ]] && args+=(--output "$DG_OUTPUT")
[[ -n "${GITHUB_STEP_SUMMARY:-}" ]] && args+=(--summary "$GITHUB_STEP_SUMMARY")
args+=("${extra[@]}")
status=0
node "${GITHUB_ACTION_PATH:?}/bin/driftgate.js" "${args[@]}" || status=$?
[[ -n "${GITHUB_OUTPUT:-}" ]] && echo "exit-code=$status" >>"$GITHUB_OUTPUT"
exit "$status"
