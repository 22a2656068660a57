#!/usr/bin/env bash
# A local 3-master Redis Cluster on free loopback ports, for tests and CI.
#
#   scripts/redis-cluster.sh [start]   start it (or reuse a healthy one); prints its seeds,
#                                      e.g. 127.0.0.1:21001,127.0.0.1:21002,127.0.0.1:21003
#   scripts/redis-cluster.sh nodes     print the seeds of a healthy running cluster, or fail
#   scripts/redis-cluster.sh stop      stop it
#
# The nodes keep nothing on disk (no RDB, no AOF) and live in one directory
# (TOLLGATE_REDIS_CLUSTER_DIR, by default under $TMPDIR); concurrent callers
# serialise on a lock there, so parallel test workers share one cluster.
# Needs only redis-server and redis-cli.
set -euo pipefail

DIR="${TOLLGATE_REDIS_CLUSTER_DIR:-${TMPDIR:-/tmp}/tollgate-redis-cluster-$(id -u)}"
SEEDS_FILE="$DIR/seeds"
MASTERS=3

log() { echo "redis-cluster: $*" >&2; }

ping_ok() { redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null | grep -q PONG; }

not_running() { ! kill -0 "$1" 2>/dev/null; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cluster_ok() {
  local port
  for port in "$@"; do
    redis-cli -h 127.0.0.1 -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
    # Every node must see all masters, or a freshly joined node may still route to nobody.
    [ "$(redis-cli -h 127.0.0.1 -p "$port" cluster nodes 2>/dev/null | grep -c master)" -ge "$MASTERS" ] || return 1
  done
}

seeds_of() {
  local seeds=() port
  for port in "$@"; do seeds+=("127.0.0.1:$port"); done
  local IFS=,
  echo "${seeds[*]}"
}

running_ports() {
  [ -s "$SEEDS_FILE" ] || return 1
  local ports
  ports=$(tr ',' '\n' <"$SEEDS_FILE" | sed 's/.*://')
  # shellcheck disable=SC2086
  cluster_ok $ports || return 1
  echo $ports
}

stop_nodes() {
  local pidfile pids=() pid
  for pidfile in "$DIR"/redis-*.pid; do
    [ -e "$pidfile" ] || continue
    pids+=("$(cat "$pidfile")")
    rm -f "$pidfile"
  done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait_until 50 not_running "$pid" || kill -9 "$pid" 2>/dev/null || true; done
  rm -f "$DIR"/nodes-*.conf "$DIR"/redis-*.log "$SEEDS_FILE"
}

# A port P is free when P and its cluster bus port P+10000 are both unused.
pick_ports() {
  local picked=() port
  while [ "${#picked[@]}" -lt "$MASTERS" ]; do
    port=$((20000 + RANDOM % 9000))
    if port_in_use "$port" || port_in_use $((port + 10000)); then continue; fi
    [[ " ${picked[*]} " == *" $port "* ]] && continue
    picked+=("$port")
  done
  echo "${picked[@]}"
}

start_node() {
  local port=$1
  redis-server --bind 127.0.0.1 --port "$port" --cluster-enabled yes \
    --cluster-config-file "nodes-$port.conf" --cluster-node-timeout 5000 \
    --save "" --appendonly no --daemonize yes --dir "$DIR" \
    --pidfile "$DIR/redis-$port.pid" --logfile "$DIR/redis-$port.log" \
    </dev/null >/dev/null 2>&1 9>&- # the daemon must hold neither the lock nor the caller's pipes
}

wait_until() {
  local tries=$1
  shift
  for _ in $(seq 1 "$tries"); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}

start_cluster() {
  local attempt ports port
  for attempt in 1 2 3; do
    stop_nodes
    read -r -a ports <<<"$(pick_ports)"
    for port in "${ports[@]}"; do start_node "$port"; done
    local up=1
    for port in "${ports[@]}"; do wait_until 50 ping_ok "$port" || up=0; done
    if [ "$up" = 0 ]; then
      log "a node did not start (attempt $attempt), trying other ports"
      continue
    fi
    redis-cli --cluster create $(for port in "${ports[@]}"; do printf '127.0.0.1:%s ' "$port"; done) \
      --cluster-replicas 0 --cluster-yes >"$DIR/create.log" 2>&1 || {
      log "cluster create failed (attempt $attempt): $(tail -n 3 "$DIR/create.log")"
      continue
    }
    if wait_until 300 cluster_ok "${ports[@]}"; then
      seeds_of "${ports[@]}" >"$SEEDS_FILE"
      log "started on $(cat "$SEEDS_FILE")"
      return 0
    fi
    log "cluster did not reach cluster_state:ok (attempt $attempt)"
  done
  stop_nodes
  return 1
}

command=${1:-start}
mkdir -p "$DIR"
exec 9>"$DIR/lock"
if command -v flock >/dev/null; then flock 9; fi

case "$command" in
  start)
    if ! running_ports >/dev/null; then start_cluster; fi
    cat "$SEEDS_FILE"
    ;;
  nodes)
    running_ports >/dev/null && cat "$SEEDS_FILE"
    ;;
  stop)
    stop_nodes
    rm -f "$DIR/create.log"
    ;;
  *)
    echo "usage: $0 [start|nodes|stop]" >&2
    exit 2
    ;;
esac
