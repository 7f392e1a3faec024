#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine: PyTorch (the parity oracle) and Pillow (the Python
# shard reader), Redis, PostgreSQL, Chromium (dashboard test) and Node.js from Debian, and Azurite from npm into
# .tools/ (ignored by git). Idempotent: a second run installs nothing. Uses sudo when not run as root.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sudo=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || { echo "install-test-deps: run as root or install sudo" >&2; exit 1; }
  sudo=(sudo)
fi
need=()
for pkg in python3-torch python3-onnx python3-numpy python3-pil redis-server postgresql chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
# Node.js may come from elsewhere (NodeSource bundles npm); only install Debian's when the commands are missing.
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if ((${#need[@]})); then
  echo "install-test-deps: apt-get install ${need[*]}" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [[ ! -x $root/.tools/node_modules/.bin/azurite-blob ]]; then
  echo "install-test-deps: npm install azurite" >&2
  mkdir -p "$root/.tools"
  (cd "$root/.tools" && npm install --silent --no-audit --no-fund --prefix . azurite@3.37.0 >/dev/null)
fi
