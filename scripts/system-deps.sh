#!/usr/bin/env bash
# Debian packages the portal needs beyond Node: TechDocs (mkdocs and its
# material theme + pymdown extensions; PyPI is not reachable, so no
# techdocs-core), Chromium for the end-to-end tests, git for the scaffolder,
# PyYAML for scripts/openapi (the OpenAPI code generator and its CI check).
set -euo pipefail
PKGS=(mkdocs mkdocs-material python3-pymdownx python3-yaml git)
# `docs` (the start command) leaves out the browser the tests need.
[ "${1:-all}" = docs ] || PKGS+=(chromium)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo ">> installing Debian packages: ${missing[*]}" >&2
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
