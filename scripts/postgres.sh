#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for the test suite.
#
#   scripts/postgres.sh start    initdb (first time), start, create the test db; prints the URL last
#   scripts/postgres.sh stop     stop the cluster (data is kept for a fast next start)
#   scripts/postgres.sh status   exit 0 and print the URL when running, exit 3 when not
#   scripts/postgres.sh url      print the URL (running or not)
#   scripts/postgres.sh destroy  stop and delete the cluster's files
#
# The cluster lives under ${XDG_CACHE_HOME:-$HOME/.cache}/kennisportaal/postgres, listens on
# 127.0.0.1 only (TCP, no unix socket), port 54329 (PGPORT_TEST overrides), trust auth, and is
# tuned for tests (fsync off). Binaries: PG_BINDIR, else the newest /usr/lib/postgresql/*/bin,
# else `pg_config --bindir`, else PATH. PostgreSQL refuses to run as root, so when run as root
# the server runs as the `postgres` OS user (from Debian's postgresql package).
#
# Only the URL goes to stdout; progress goes to stderr. So: URL=$(scripts/postgres.sh start | tail -n1)
set -euo pipefail

PORT="${PGPORT_TEST:-54329}"
DB_NAME="kennisportaal_test"
DB_USER="postgres"
HOST="127.0.0.1"
BASE="${XDG_CACHE_HOME:-$HOME/.cache}/kennisportaal/postgres"
# An absolute path: the traversal grant below walks up to "/" and never meets it otherwise.
[[ "$BASE" == /* ]] || BASE="$PWD/$BASE"
PGDATA_DIR="$BASE/data"
LOGFILE="$BASE/postgres.log"
URL="postgres://${DB_USER}@${HOST}:${PORT}/${DB_NAME}"

log() { echo "postgres.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

find_bindir() {
  if [[ -n "${PG_BINDIR:-}" ]]; then
    echo "$PG_BINDIR"; return
  fi
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
  if [[ -n "$d" && -x "$d/initdb" ]]; then
    echo "$d"; return
  fi
  if command -v pg_config >/dev/null 2>&1 && [[ -x "$(pg_config --bindir)/initdb" ]]; then
    pg_config --bindir; return
  fi
  if command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return
  fi
  die "no PostgreSQL server binaries found (apt-get install postgresql, or set PG_BINDIR)"
}

BINDIR="$(find_bindir)"

# Run a server-side command as the right OS user.
if [[ "$(id -u)" -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' OS user (apt-get install postgresql)"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

# The server user must be able to reach $BASE. As root, $HOME is usually /root (mode 700):
# give "others" search permission (x, not read: no listing) on the ancestors that lack it.
grant_traversal() {
  [[ "$(id -u)" -eq 0 ]] || return 0
  local dir="$BASE" ancestors=()
  while [[ "$dir" != "/" && -n "$dir" ]]; do
    dir="$(dirname "$dir")"
    ancestors=("$dir" "${ancestors[@]}")  # outermost first
  done
  local a
  for a in "${ancestors[@]}"; do
    if ! runuser -u postgres -- test -x "$a" 2>/dev/null; then
      log "granting search permission (chmod o+x) on $a so the postgres user can reach $BASE"
      chmod o+x "$a"
    fi
  done
}

psql_cmd() { "$BINDIR/psql" -X -q -h "$HOST" -p "$PORT" -U "$DB_USER" "$@"; }

is_running() {
  [[ -f "$PGDATA_DIR/postmaster.pid" ]] || return 1
  as_pg "$BINDIR/pg_ctl" status -D "$PGDATA_DIR" >/dev/null 2>&1
}

running_port() {
  # line 4 of postmaster.pid is the port
  sed -n 4p "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true
}

server_version() { "$BINDIR/postgres" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/'; }

init_cluster() {
  mkdir -p "$BASE"
  if [[ -f "$PGDATA_DIR/PG_VERSION" ]]; then
    local have want
    have="$(cat "$PGDATA_DIR/PG_VERSION")"
    want="$(server_version)"
    if [[ "$have" == "$want" ]]; then
      return 0
    fi
    log "cluster was made by PostgreSQL $have, binaries are $want: re-creating it"
    rm -rf "$PGDATA_DIR"
  elif [[ -d "$PGDATA_DIR" ]]; then
    log "incomplete cluster directory found: re-creating it"
    rm -rf "$PGDATA_DIR"
  fi
  grant_traversal
  if [[ "$(id -u)" -eq 0 ]]; then
    chown postgres:postgres "$BASE"
  fi
  log "initdb $PGDATA_DIR ($BINDIR)"
  local locale_args=(--no-locale)
  # C.UTF-8 keeps byte-order collation but classifies non-ASCII letters (é, ö) as letters,
  # which full-text search (to_tsvector) needs for Dutch text.
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
    locale_args=(--locale=C.UTF-8)
  fi
  as_pg "$BINDIR/initdb" -D "$PGDATA_DIR" -U "$DB_USER" --auth=trust --encoding=UTF8 \
    "${locale_args[@]}" >"$BASE/initdb.log" 2>&1 \
    || { cat "$BASE/initdb.log" >&2; die "initdb failed"; }
  cat >>"$PGDATA_DIR/postgresql.conf" <<'EOF'

# --- kennisportaal test cluster (scripts/postgres.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
shared_buffers = 128MB
log_min_messages = warning
EOF
}

ensure_db() {
  local i
  for i in $(seq 1 50); do
    if psql_cmd -d postgres -c 'select 1' >/dev/null 2>&1; then
      break
    fi
    sleep 0.2
  done
  if [[ "$(psql_cmd -d postgres -tAc "select 1 from pg_database where datname = '$DB_NAME'")" != "1" ]]; then
    log "creating database $DB_NAME"
    "$BINDIR/createdb" -h "$HOST" -p "$PORT" -U "$DB_USER" "$DB_NAME"
  fi
}

cmd_start() {
  if is_running; then
    local p
    p="$(running_port)"
    if [[ "$p" == "$PORT" ]]; then
      log "already running on $HOST:$PORT"
      ensure_db
      echo "$URL"
      return 0
    fi
    log "running on port $p, wanted $PORT: restarting"
    cmd_stop
  fi
  init_cluster
  grant_traversal
  if [[ "$(id -u)" -eq 0 ]]; then
    touch "$LOGFILE"
    chown postgres:postgres "$LOGFILE"
  fi
  if "$BINDIR/pg_isready" -q -h "$HOST" -p "$PORT" 2>/dev/null; then
    die "something else already listens on $HOST:$PORT (set PGPORT_TEST to another port)"
  fi
  log "starting on $HOST:$PORT (log: $LOGFILE)"
  # -p on the command line (not in postgresql.conf) so PGPORT_TEST can change between runs
  as_pg "$BINDIR/pg_ctl" start -D "$PGDATA_DIR" -l "$LOGFILE" -w -t 60 -o "-p $PORT" >/dev/null \
    || { tail -n 30 "$LOGFILE" >&2; die "PostgreSQL did not start"; }
  ensure_db
  echo "$URL"
}

cmd_stop() {
  if is_running; then
    log "stopping"
    as_pg "$BINDIR/pg_ctl" stop -D "$PGDATA_DIR" -m fast -w -t 60 >/dev/null
  else
    log "not running"
  fi
}

cmd_status() {
  if is_running; then
    log "running on $HOST:$(running_port) (data: $PGDATA_DIR)"
    echo "postgres://${DB_USER}@${HOST}:$(running_port)/${DB_NAME}"
    return 0
  fi
  log "not running"
  return 3
}

cmd_destroy() {
  cmd_stop
  log "removing $BASE"
  rm -rf "$BASE"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) echo "$URL" ;;
  destroy) cmd_destroy ;;
  *) echo "usage: $0 start|stop|status|url|destroy" >&2; exit 2 ;;
esac
