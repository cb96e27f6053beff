#!/usr/bin/env bash
# Debian packages the portal needs beyond Node: TechDocs (mkdocs and its
# material theme + pymdown extensions; PyPI is not reachable, so no
# techdocs-core), Chromium for the end-to-end tests, git for the scaffolder,
# PyYAML for scripts/openapi (the OpenAPI code generator and its CI check),
# nginx for the two-replica tests (scripts/replicas.sh runs its own nginx on
# a port of ours; Debian's nginx service is not used).
set -euo pipefail
PKGS=(mkdocs mkdocs-material python3-pymdownx python3-yaml git)
# `docs` (the start command) leaves out the browser the tests need.
[ "${1:-all}" = docs ] || PKGS+=(chromium nginx)
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
# Installing nginx starts Debian's nginx service on port 80 where systemd
# runs; the portal never uses it.
if [[ " ${missing[*]} " == *" nginx "* ]] && [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
fi
