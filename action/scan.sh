#!/usr/bin/env bash
# Runs the scan for action.yml and sets its outputs.
#
# Inputs (environment): STRIDELINT_BIN (the installed binary), INPUT_PATH,
# INPUT_FORMAT, INPUT_OUTPUT, INPUT_FAIL_ON, INPUT_ARGS, GITHUB_OUTPUT.
# INPUT_PATH and INPUT_ARGS are split into words as a shell would, quotes
# and backslashes honoured, but nothing in them is expanded or run.
set -euo pipefail

bin=${STRIDELINT_BIN:-stridelint}
format=${INPUT_FORMAT:-sarif}
output=${INPUT_OUTPUT:-}
fail_on=${INPUT_FAIL_ON:-medium}

# words STRING: the words of STRING, NUL-terminated.
words() {
  case $1 in *[![:space:]]*) ;; *) return 0 ;; esac # xargs would make one empty word
  printf '%s' "$1" | xargs printf '%s\0'
}

paths=()
while IFS= read -r -d '' w; do paths+=("$w"); done < <(words "${INPUT_PATH:-.}")
extra=()
while IFS= read -r -d '' w; do extra+=("$w"); done < <(words "${INPUT_ARGS:-}")
[ ${#paths[@]} -gt 0 ] || paths=(.)

# Workflow commands (github) and text belong in the job log; every other
# format goes to a file.
if [ -z "$output" ]; then
  case $format in
    text | github) ;;
    sarif) output=stridelint.sarif ;;
    json) output=stridelint.json ;;
    gitlab) output=gl-code-quality-report.json ;;
    *) output=stridelint-$format.xml ;;
  esac
fi

cmd=("$bin" scan --format "$format" --fail-on "$fail_on")
if [ -n "$output" ]; then cmd+=(--output "$output"); fi
cmd+=(${extra[@]+"${extra[@]}"} -- "${paths[@]}")
printf '+'; printf ' %q' "${cmd[@]}"; echo
rc=0
"${cmd[@]}" || rc=$?

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$rc"
    echo "report=$output"
    if [ "$format" = sarif ]; then echo "sarif=$output"; fi
  } >>"$GITHUB_OUTPUT"
fi
case $rc in
  0) ;;
  1) echo "::error title=stridelint::findings at or above --fail-on $fail_on${output:+ (report: $output)}" ;;
  *) echo "::error title=stridelint::the scan failed (exit code $rc)" ;;
esac
exit "$rc"
