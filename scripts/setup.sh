#!/usr/bin/env bash
# One idempotent setup step shared by `npm test`, `npm run reproduce` and `npm run bench`:
#   1. npm ci when node_modules is missing or older than package-lock.json;
#   2. Debian packages (Jupyter, nbclient, the kernel test-suite, Chromium, numpy/scipy/sympy
#      reference oracles) via apt-get when root on Debian, else a message naming what to install;
#   3. build dist/ when any source is newer than the last build;
#   4. install the convspec kernel spec into .jupyter-prefix/ (git-ignored).
# Fast (about a second) when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
say() { printf 'setup: %s\n' "$*"; }

# 1. npm dependencies, from the lockfile only.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.convspec-lock-sha256
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  say "installing npm dependencies from package-lock.json (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi

# 2. Debian packages.
debs=(jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-console python3-jupyter-kernel-test
      chromium python3-numpy python3-scipy python3-sympy python3-matplotlib fonts-dejavu-core
      librsvg2-bin poppler-utils dataset-fashion-mnist alsa-utils)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    say "missing Debian packages: ${missing[*]}"
    say "install them with: sudo apt-get install ${missing[*]}"
    exit 1
  fi
fi

# 3. Build dist/ when a source file (or the build config) is newer than the build stamp.
if [ ! -f dist/.build-stamp ] || [ -n "$(find src tsconfig.json tsconfig.build.json package.json -newer dist/.build-stamp -print -quit)" ]; then
  say "building dist/ (tsc)"
  rm -rf dist
  npx tsc -p tsconfig.build.json
  touch dist/.build-stamp
fi

# 4. The kernel spec, into the repository's own Jupyter prefix.
node scripts/kernel-install.mjs --prefix "$root/.jupyter-prefix" --quiet
