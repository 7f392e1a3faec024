#!/usr/bin/env bash
# A local Fcan cluster on loopback, for trying the cluster without containers (tests/Fcan.Testing/Cluster/LocalCluster.cs
# does the same steps for the fault suite):
#   scripts/local-cluster.sh up [SILOS]   build, then start Redis, Azurite and SILOS fcan-silo processes (default 2),
#                                         and wait until `fcan cluster status` lists them all as active
#   scripts/local-cluster.sh env          the exports a shell needs to use it: eval "$(scripts/local-cluster.sh env)"
#   scripts/local-cluster.sh status       `fcan cluster status`
#   scripts/local-cluster.sh down         SIGTERM every process (SIGKILL after 40 s), then remove the state folder
# State (Redis' append-only file, Azurite's blobs, silo homes, the shared pool folder, logs, pids) lives in
# $FCAN_LOCAL_CLUSTER (default ${TMPDIR:-/tmp}/fcan-local-cluster). Needs redis-server and Azurite in .tools/
# (bash scripts/install-test-deps.sh installs both).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=${FCAN_LOCAL_CLUSTER:-${TMPDIR:-/tmp}/fcan-local-cluster}
silo="$root/src/Silo/bin/Release/net10.0/fcan-silo"
fcan="$root/src/Client/bin/Release/net10.0/fcan"
azurite="$root/.tools/node_modules/.bin/azurite-blob"
# Azurite's fixed development account (public, not a secret).
dev_key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts a program in the background with its output in $state/NAME.log and its pid in $state/NAME.pid.
launch() {
  local name=$1; shift
  nohup "$@" >"$state/$name.log" 2>&1 &
  echo $! >"$state/$name.pid"
}

# SIGTERM, then SIGKILL after a grace period, for the process whose pid is in $state/NAME.pid.
stop() {
  local name=$1 grace=$2 pidfile="$state/$1.pid"
  [[ -f $pidfile ]] || return 0
  local pid; pid=$(cat "$pidfile")
  if kill -TERM "$pid" 2>/dev/null; then
    for _ in $(seq "$grace"); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && { echo "local-cluster: $name did not stop in $grace s; killing it"; kill -KILL "$pid"; }
  fi
  rm -f "$pidfile"
}

active_silos() {
  # shellcheck disable=SC1091
  (source "$state/env" && "$fcan" cluster status --json 2>/dev/null) |
    python3 -c 'import json, sys; print(sum(s["status"] == "Active" for s in json.load(sys.stdin)["silos"]))' 2>/dev/null || echo 0
}

up() {
  local count=${1:-2}
  [[ -e $state ]] && { echo "local-cluster: $state exists; run '$0 down' first"; exit 1; }
  [[ -x /usr/bin/redis-server && -x $azurite ]] || { echo "local-cluster: run 'bash scripts/install-test-deps.sh' first"; exit 1; }
  dotnet build "$root/src/Silo" -c Release -v q -nologo >/dev/null
  dotnet build "$root/src/Client" -c Release -v q -nologo >/dev/null
  mkdir -p "$state/redis" "$state/azurite" "$state/pools"
  local redis_port blob_port; redis_port=$(free_port); blob_port=$(free_port)
  launch redis /usr/bin/redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$state/redis" --appendonly yes --save ""
  launch azurite "$azurite" --blobHost 127.0.0.1 --blobPort "$blob_port" --location "$state/azurite" --silent --skipApiVersionCheck
  cat >"$state/env" <<ENV
export FCAN_CLUSTER=redis://127.0.0.1:$redis_port
export FCAN_AZURE_STORAGE='DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$dev_key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;'
ENV
  for i in $(seq "$count"); do
    mkdir -p "$state/silo-$i"
    local ports=("$(free_port)" "$(free_port)" "$(free_port)")
    echo "silo-$i: silo port ${ports[0]}, gateway port ${ports[1]}, dashboard http://127.0.0.1:${ports[2]}/" >>"$state/silos"
    # shellcheck disable=SC1091
    # FCAN_CLUSTER (with the Redis password) reaches the silo through its environment, not its command line.
    (source "$state/env" && launch "silo-$i" "$silo" --home "$state/silo-$i" \
      --pool-store "$state/pools" --silo-port "${ports[0]}" --gateway-port "${ports[1]}" \
      --dashboard-port "${ports[2]}" --device cpu)
  done
  for _ in $(seq 180); do
    if [[ $(active_silos) == "$count" ]]; then
      cat "$state/silos"
      echo "local-cluster: $count silos active; state and logs in $state"
      echo "use it with: eval \"\$($0 env)\"; then fcan pool create ..., fcan convert ... --out az://CONTAINER/PREFIX"
      return 0
    fi
    sleep 1
  done
  echo "local-cluster: the silos did not all become active within 180 s; see $state/silo-*.log"
  exit 1
}

down() {
  [[ -d $state ]] || { echo "local-cluster: nothing at $state"; return 0; }
  for pidfile in "$state"/silo-*.pid; do [[ -e $pidfile ]] && stop "$(basename "$pidfile" .pid)" 40 & done
  wait
  stop azurite 10
  stop redis 10
  rm -rf "$state"
  echo "local-cluster: stopped, $state removed"
}

case ${1:-} in
  up) up "${2:-2}" ;;
  down) down ;;
  env) cat "$state/env" ;;
  status) (source "$state/env" && "$fcan" cluster status) ;;
  *) echo "usage: $0 up [SILOS] | env | status | down"; exit 2 ;;
esac
