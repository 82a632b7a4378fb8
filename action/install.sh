#!/usr/bin/env bash
# Installs stridelint for action.yml: the release archive for this runner's OS
# and architecture, verified against the release's checksums.txt, or, when the
# release has no such archive, `go install` of the same version. "source"
# builds the action's own checkout instead.
#
# Inputs (environment): INPUT_VERSION (a tag such as v1.2.3, "latest" or
# "source"), RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT,
# GITHUB_ACTION_PATH. STRIDELINT_RELEASES overrides the releases address (the
# tests point it at a file:// directory laid out like a GitHub release).
set -euo pipefail

module=github.com/stridelint/stridelint
releases=${STRIDELINT_RELEASES:-https://github.com/stridelint/stridelint/releases}
version=${INPUT_VERSION:-latest}
case $version in [0-9]*) version=v$version ;; esac # 1.2.3 means the tag v1.2.3

die() { echo "::error title=stridelint install::$*" >&2; exit 1; }

case ${RUNNER_OS:-$(uname -s)} in
  Linux | linux) os=linux ;;
  macOS | Darwin) os=darwin ;;
  Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
  *) die "unsupported runner OS ${RUNNER_OS:-$(uname -s)}" ;;
esac
case ${RUNNER_ARCH:-$(uname -m)} in
  X64 | x86_64 | amd64) arch=amd64 ;;
  ARM64 | arm64 | aarch64) arch=arm64 ;;
  *) arch=unsupported ;;
esac
exe=""; ext=tar.gz
if [ "$os" = windows ]; then exe=.exe; ext=zip; fi

dest=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/stridelint-bin
mkdir -p "$dest"
bin=$dest/stridelint$exe
rm -f "$bin"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# fetch URL FILE: download with retries; false when the file is not there.
fetch() {
  curl -fsSL --retry 3 --retry-delay 2 -o "$2" "$1"
}

install_release() {
  local asset=stridelint_${os}_${arch}.${ext} at work
  if [ "$version" = latest ]; then at=$releases/latest/download; else at=$releases/download/$version; fi
  work=$(mktemp -d)
  if [ "$arch" = unsupported ] || ! fetch "$at/$asset" "$work/$asset"; then
    rm -rf "$work"
    return 1
  fi
  # From here on a failure is an error, never a reason to fall back: an
  # archive that does not match its checksum must not run.
  fetch "$at/checksums.txt" "$work/checksums.txt" || die "$at/checksums.txt cannot be downloaded: $asset cannot be verified"
  local want got
  want=$(awk -v f="$asset" '$2 == f || $2 == "*" f { print $1 }' "$work/checksums.txt")
  [ -n "$want" ] || die "checksums.txt of $version does not list $asset"
  got=$(sha256 "$work/$asset")
  [ "$got" = "$want" ] || die "checksum mismatch for $asset of $version: got $got, checksums.txt says $want"
  if [ "$ext" = zip ]; then
    if command -v unzip >/dev/null 2>&1; then
      unzip -o -q "$work/$asset" "stridelint$exe" -d "$dest"
    else
      pwsh -NoProfile -Command "Expand-Archive -Force -Path '$work/$asset' -DestinationPath '$work/x'"
      mv "$work/x/stridelint$exe" "$bin"
    fi
  else
    tar -xzf "$work/$asset" -C "$dest" "stridelint$exe"
  fi
  rm -rf "$work"
  [ -f "$bin" ] || die "$asset holds no stridelint$exe"
  chmod +x "$bin"
  echo "installed $asset of release $version (sha256 $got)"
}

install_go() {
  command -v go >/dev/null 2>&1 || die "no release archive stridelint_${os}_${arch}.${ext} for $version, and no Go toolchain to build it: add actions/setup-go before this step"
  local at=$version
  echo "::warning title=stridelint install::no release archive for $os/$arch at $version: building with go install $module/cmd/stridelint@$at"
  GOBIN=$dest go install "$module/cmd/stridelint@$at" || die "go install $module/cmd/stridelint@$at failed"
}

install_source() {
  command -v go >/dev/null 2>&1 || die "version: source needs a Go toolchain: add actions/setup-go before this step"
  local src=${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}
  echo "building stridelint from $src"
  (cd "$src" && go build -o "$bin" ./cmd/stridelint) || die "go build ./cmd/stridelint in $src failed"
}

case $version in
  source) install_source ;;
  latest | v[0-9]*) install_release || install_go ;;
  *) die "version must be a release tag (v1.2.3), latest or source, not \"$version\"" ;;
esac

"$bin" version
if [ -n "${GITHUB_PATH:-}" ]; then echo "$dest" >>"$GITHUB_PATH"; fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "path=$bin" >>"$GITHUB_OUTPUT"; fi
