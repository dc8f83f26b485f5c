#!/usr/bin/env bash
# Install the Debian packages the slower test tiers need, where they are missing:
#   browser tests (tests/browser): chromium, chromium-driver (Playwright cannot download its own
#     browser here), fonts-noto-cjk (Chinese drawn as text, not boxes), npm for the widget;
#   production tests (tests/production): postgresql and redis-server, started by the tests
#     themselves as private instances on loopback ports.
# As root it installs them with apt-get; otherwise it stops at once, naming what to install.
set -euo pipefail

packages=(chromium chromium-driver fonts-noto-cjk postgresql redis-server)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
((${#missing[@]})) || exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "error: the tests need these Debian packages: ${missing[*]}" >&2
  echo "Install them (sudo apt-get install ${missing[*]}) or run make test as root." >&2
  exit 1
fi
echo "Installing Debian packages the tests need: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
