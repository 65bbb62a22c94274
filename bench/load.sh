#!/usr/bin/env bash
# Load measurements against the production setup (gunicorn + PostgreSQL + OpenSearch),
# loopback only, every run bounded in time. Figures go to bench/README.md ("Load").
#
#   bench/load.sh setup        start PostgreSQL (own cluster, port BENCH_PGPORT) and OpenSearch
#                              (port BENCH_ESPORT), migrate, load fixtures, generate
#                              BENCH_PAGES pages (bench/generate_pages.py), update_index
#   bench/load.sh measure      scripts/serve with the page cache on, then off; wrk on each URL;
#                              cold starts; the thema overview with a purge every second
#   bench/load.sh reliability  publish / search next to cached pages / engine stop /
#                              PostgreSQL restart during load
#   bench/load.sh              all three
#   bench/load.sh stop         stop the bench PostgreSQL and OpenSearch
#
# Environment: BENCH_PAGES (10000), DURATION (seconds per wrk run, 15), CONNECTIONS (20),
# WRK_THREADS (2), BENCH_PORT (8123), GUNICORN_WORKERS/GUNICORN_THREADS (scripts/serve),
# MODES ("cached uncached cold purged"), RELIABILITY ("publish mixed engine postgres";
# also "proxy": the mix through nginx with a search pool apart, needs Debian's nginx), PUBLISH_RUNS (3), CPU_LOCK (/tmp/cpu.lock: every timed
# run holds it exclusively, so nobody's tests share the 2 cores with it; do not run this
# script itself under a lock on the same file: it would wait for itself).
# Needs Debian's wrk (apt-get install wrk).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
BENCH_CACHE="${BENCH_CACHE:-$ROOT/.cache/bench}"
BENCH_PGPORT="${BENCH_PGPORT:-54349}"
BENCH_ESPORT="${BENCH_ESPORT:-9221}"
BENCH_PORT="${BENCH_PORT:-8123}"
BENCH_PAGES="${BENCH_PAGES:-10000}"
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-20}"
WRK_THREADS="${WRK_THREADS:-2}"
CPU_LOCK="${CPU_LOCK:-/tmp/cpu.lock}"
BASE="http://127.0.0.1:$BENCH_PORT"
OUT="$BENCH_CACHE/results-$(date +%Y%m%d-%H%M%S).txt"
mkdir -p "$BENCH_CACHE"

say() { echo "==> [bench/load.sh] $*" >&2; }
command -v wrk >/dev/null || { say "wrk missing: apt-get install wrk"; exit 2; }

# The servers started here must not inherit the CPU lock's file descriptor (held during a
# timed run): a daemon keeping it open would keep the lock for as long as it runs.
LOCK_FD=""
no_lock() { if [[ -n "$LOCK_FD" ]]; then "$@" {LOCK_FD}>&-; else "$@"; fi; }
pg() { XDG_CACHE_HOME="$BENCH_CACHE" PGPORT_TEST="$BENCH_PGPORT" no_lock scripts/postgres.sh "$@"; }
engine() { SEARCH_ENGINE_PORT="$BENCH_ESPORT" no_lock scripts/elasticsearch.sh "$@"; }

start_services() {
  DATABASE_URL="$(pg start | tail -n1)"
  OPENSEARCH_URL="$(engine start | tail -n1)"
  export DATABASE_URL OPENSEARCH_URL
  export DJANGO_SETTINGS_MODULE=portaal.settings.production
  export SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
  export ALLOWED_HOSTS="127.0.0.1,localhost" SECURE_SSL_REDIRECT=false SERVE_MEDIA=true
  export LOG_LEVEL=WARNING
}

cmd_setup() {
  start_services
  say "migrate + fixtures"
  flock -s "$CPU_LOCK" "$PY" manage.py migrate --noinput -v 0
  flock -s "$CPU_LOCK" "$PY" manage.py load_portal_content >/dev/null
  say "generate $BENCH_PAGES pages"
  flock -s "$CPU_LOCK" "$PY" bench/generate_pages.py --count "$BENCH_PAGES" --settings "$DJANGO_SETTINGS_MODULE"
  say "update_index (OpenSearch)"
  local t=$SECONDS
  flock -s "$CPU_LOCK" "$PY" manage.py update_index >/dev/null 2>&1
  say "update_index took $((SECONDS - t))s"
  "$PY" manage.py collectstatic --noinput -v 0
}

SERVER_PID=""
start_server() {  # start_server PAGE_CACHE_ENABLED
  stop_server
  PAGE_CACHE_ENABLED="$1" SKIP_SETUP=1 BIND="127.0.0.1:$BENCH_PORT" scripts/serve \
    >"$BENCH_CACHE/serve.log" 2>&1 &
  SERVER_PID=$!
  local i
  for i in $(seq 1 100); do
    curl -fs -o /dev/null "$BASE/health/" && return 0
    sleep 0.2
  done
  say "server did not become healthy"; tail -n 30 "$BENCH_CACHE/serve.log" >&2; exit 1
}
stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap stop_server EXIT

urls() {
  local thema detail static
  thema="$("$PY" -c 'import django;django.setup();from portaal.models import Thema;print(Thema.objects.order_by("sort_order","name").first().slug)')"
  detail="$("$PY" -c 'import django;django.setup();from voorbeelden.models import InterventiePage;print(InterventiePage.objects.live().filter(slug__startswith="gen-").order_by("pk").first().url_path.split("/",2)[2])')"
  static="$("$PY" -c 'import django;django.setup();from django.templatetags.static import static;print(static("css/print.css"))')"
  echo "home /"
  echo "thema /thema/$thema/"
  echo "detail /$detail"
  echo "search /zoeken/?q=buurt+ouderen&type=interventie&thema=$thema"
  echo "static $static"
}

load() { cut -d' ' -f1-3 /proc/loadavg; }

# Only the timed wrk run holds the CPU lock exclusively (other engineers' test runs take it
# shared); the load average before and after goes with each line.
timed_wrk() {  # timed_wrk URL -> the RESULT line and "load A -> B"
  flock -x "$CPU_LOCK" bash -c '
    before="$(cut -d" " -f1-3 /proc/loadavg)"
    line="$(wrk -t "$1" -c "$2" -d "$3s" --timeout 5s -s bench/report.lua "$4" | grep "^RESULT" || echo "RESULT failed")"
    echo "${line#RESULT } load $before -> $(cut -d" " -f1-3 /proc/loadavg)"' _ \
    "$WRK_THREADS" "$CONNECTIONS" "$DURATION" "$1"
}

measure_one() {  # measure_one LABEL MODE URL
  local line
  curl -fs -o /dev/null "$BASE$3" || say "WARNING: $3 did not answer 2xx before the run"
  line="$(timed_wrk "$BASE$3")"
  printf '%-7s %-9s %-60s %s\n' "$1" "$2" "$3" "$line" | tee -a "$OUT"
}

# Cold: a fresh server (empty per-process caches: no pages, cards, filter forms or counts)
# per URL; the first requests one after another, each timed by curl.
measure_cold() {  # measure_cold LABEL URL
  local times
  start_server false
  times="$(flock -x "$CPU_LOCK" bash -c 'for i in 1 2 3 4 5 6; do
      curl -s -o /dev/null -w "%{http_code}:%{time_total} " "$1"; done' _ "$BASE$2")"
  stop_server
  printf '%-7s %-9s %-60s first six requests (status:seconds): %s\n' "$1" cold "$2" "$times" \
    | tee -a "$OUT"
}

# Purged: the page cache on, as in production, while the cache generation changes every
# second (as a publish does: every cached page, count and filter form becomes unreachable;
# cards of unchanged pages stay valid). Touching the generation file is what a publish does
# without REDIS_URL (portaal/cache.py), without a Python process competing for the CPU.
measure_purged() {  # measure_purged URL
  local generation="${PAGE_CACHE_GENERATION_FILE:-$ROOT/.cache/page-cache-generation}" bumper
  start_server true
  curl -fs -o /dev/null "$BASE$1"
  (while sleep 1; do touch "$generation"; done) &
  bumper=$!
  printf '%-7s %-9s %-60s %s\n' thema purged/s "$1" "$(timed_wrk "$BASE$1")" | tee -a "$OUT"
  kill "$bumper"; wait "$bumper" 2>/dev/null || true
  stop_server
}

cmd_measure() {
  start_services
  local list
  list="$(urls)"
  for mode in ${MODES:-cached uncached cold purged}; do
    if [[ $mode == cold ]]; then
      while read -r label url; do
        [[ $label == static || $label == search ]] || measure_cold "$label" "$url"
      done <<<"$list"
      continue
    fi
    if [[ $mode == purged ]]; then
      measure_purged "$(awk '$1=="thema"{print $2}' <<<"$list")"
      continue
    fi
    start_server "$([[ $mode == cached ]] && echo true || echo false)"
    while read -r label url; do
      measure_one "$label" "$mode" "$url"
    done <<<"$list"
    stop_server
  done
  say "results in $OUT"
}

# --- reliability ---------------------------------------------------------------------
WRK_PID=""
wrk_bg() {  # wrk_bg SECONDS URL LOGFILE; sets WRK_PID (no subshell, so `wait` works)
  wrk -t 1 -c 10 -d "${1}s" --timeout 5s -s bench/report.lua "$BASE$2" >"$3" 2>&1 &
  WRK_PID=$!
}

rel_publish() {
  local thema wrk_pid title result
  thema="$(urls | awk '$1=="thema"{print $2}')"
  wrk_bg 20 "$thema" "$BENCH_CACHE/rel-publish.log"; wrk_pid=$WRK_PID
  sleep 3
  title="Gepubliceerd tijdens belasting $(date +%s%N)"
  # Seen from outside as well: curl every 20 ms from before the publish, the time it first
  # shows the page against the publisher's clock after publish() (one more process
  # competing for the CPU, so coarser than the publisher's own polls below).
  local seen_file="$BENCH_CACHE/rel-publish-seen" poller
  rm -f "$seen_file"
  (for _ in $(seq 1 400); do
     if curl -fs "$BASE$thema" | grep -q "$title"; then date +%s%N >"$seen_file"; break; fi
     sleep 0.02
   done) &
  poller=$!
  # One process publishes and then polls the overview as a visitor would (a new connection
  # per poll, every 10 ms), so neither its own start-up nor its exit is in the figure.
  result="$("$PY" - "$title" "$thema" "$BASE" <<'PYEOF'
import sys, time, urllib.request, django
django.setup()
from portaal.models import Thema
from voorbeelden.models import InterventieIndexPage, InterventiePage
title, url, base = sys.argv[1], sys.argv[2], sys.argv[3]
thema = Thema.objects.get(slug=url.strip("/").split("/")[-1])
index = InterventieIndexPage.objects.first()
# As an editor does it: the page is created as a draft, then published (one purge).
page = InterventiePage(title=title, slug=f"tijdens-belasting-{title[-8:]}", date="2030-01-01",
                       live=False)
page.themas = [thema]
index.add_child(instance=page)
revision = page.save_revision()
started = time.monotonic()
revision.publish()
published = time.monotonic()
published_ns = time.time_ns()
polls, seen = 0, None
while time.monotonic() - published < 5:
    polls += 1
    with urllib.request.urlopen(base + url, timeout=5) as response:
        if title.encode() in response.read():
            seen = time.monotonic()
            break
    time.sleep(0.01)
if seen is None:
    print(f"NOT visible within 5 s ({polls} polls)")
else:
    print(f"visible {(seen - published) * 1000:.0f} ms after publish() returned "
          f"(publish() itself {(published - started) * 1000:.0f} ms; {polls} polls)")
print(published_ns)
PYEOF
)"
  wait "$poller" || true
  wait "$wrk_pid" || true
  local outside="not seen within 8 s"
  [[ -f $seen_file ]] && outside="$(( ($(cat "$seen_file") - $(tail -n1 <<<"$result")) / 1000000 )) ms"
  echo "publish: $(tail -n2 <<<"$result" | head -n1) on $thema; outside poller: $outside" \
    | tee -a "$OUT"
  echo "publish: load during it: $(grep RESULT "$BENCH_CACHE/rel-publish.log")" | tee -a "$OUT"
}

rel_engine_stop() {
  local search other p1 p2
  search="$(urls | awk '$1=="search"{print $2}')"
  other="$(urls | awk '$1=="thema"{print $2}')"
  wrk_bg 15 "$search" "$BENCH_CACHE/rel-engine-search.log"; p1=$WRK_PID
  wrk_bg 15 "$other" "$BENCH_CACHE/rel-engine-thema.log"; p2=$WRK_PID
  sleep 4
  engine stop >/dev/null 2>&1
  sleep 4
  echo "engine stopped: search answers $(curl -s -o /dev/null -w '%{http_code} in %{time_total}s' "$BASE$search"); health $(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/")" | tee -a "$OUT"
  wait "$p1" "$p2" || true
  echo "engine stop: search under load: $(grep RESULT "$BENCH_CACHE/rel-engine-search.log")" | tee -a "$OUT"
  echo "engine stop: thema under load:  $(grep RESULT "$BENCH_CACHE/rel-engine-thema.log")" | tee -a "$OUT"
  engine start >/dev/null
}

# The mix: 10 connections each on the search page and the cached thema and home pages at
# once, 15 s, against $BASE; one line per URL, LABEL first, logs named after NAME.
mixed_load() {  # mixed_load NAME LABEL
  local search thema home p1 p2 p3 kind
  search="$(urls | awk '$1=="search"{print $2}')"
  thema="$(urls | awk '$1=="thema"{print $2}')"
  home="$(urls | awk '$1=="home"{print $2}')"
  curl -fs -o /dev/null "$BASE$thema"; curl -fs -o /dev/null "$BASE$home"
  wrk_bg 15 "$search" "$BENCH_CACHE/rel-$1-search.log"; p1=$WRK_PID
  wrk_bg 15 "$thema" "$BENCH_CACHE/rel-$1-thema.log"; p2=$WRK_PID
  wrk_bg 15 "$home" "$BENCH_CACHE/rel-$1-home.log"; p3=$WRK_PID
  wait "$p1" "$p2" "$p3" || true
  for kind in search thema home; do
    echo "$2: $kind (10 connections): $(grep RESULT "$BENCH_CACHE/rel-$1-$kind.log")" | tee -a "$OUT"
  done
}

rel_mixed() {  # cached pages while 10 connections search (page cache on, engine up)
  mixed_load mixed "mixed"
}

# The same mix through nginx (scripts/proxy, scripts/nginx.conf.template): /zoeken/ goes to
# a search pool of its own (1 worker x 2 threads at nice SEARCH_POOL_NICE, 5), the rest to the page
# pool, so searches hold neither the page pool's threads nor its share of the CPU.
# By its address: $! is the subshell that runs scripts/serve, not gunicorn, so killing it
# left the pool running (and a second run then measured the first run's pool).
stop_search_pool() {  # stop_search_pool PORT
  pkill -f -- "gunicorn .*--bind 127.0.0.1:$1 " || true
  while curl -fs -o /dev/null "http://127.0.0.1:$1/health/"; do sleep 0.2; done
}
rel_mixed_proxy() {
  local app_port=$((BENCH_PORT + 1)) search_port=$((BENCH_PORT + 2))
  local proxy_port=$((BENCH_PORT + 3)) base_before="$BASE"
  stop_server
  stop_search_pool "$search_port"
  BENCH_PORT=$app_port BASE="http://127.0.0.1:$app_port" start_server true
  PAGE_CACHE_ENABLED=true SKIP_SETUP=1 BIND="127.0.0.1:$search_port" GUNICORN_WORKERS=1 \
    GUNICORN_NICE="${SEARCH_POOL_NICE:-5}" no_lock scripts/serve >"$BENCH_CACHE/serve-search.log" 2>&1 &
  until curl -fs -o /dev/null "http://127.0.0.1:$search_port/health/"; do sleep 0.2; done
  PROXY_PORT=$proxy_port APP_UPSTREAM="127.0.0.1:$app_port" \
    SEARCH_UPSTREAM="127.0.0.1:$search_port" STATIC_ROOT="$("$PY" -c 'import django;django.setup();from django.conf import settings;print(settings.STATIC_ROOT)')" \
    no_lock scripts/proxy start >/dev/null
  BASE="http://127.0.0.1:$proxy_port"
  mixed_load proxy "mixed via nginx, search pool apart"
  PROXY_PORT=$proxy_port scripts/proxy stop >/dev/null
  stop_search_pool "$search_port"
  stop_server
  BASE="$base_before"
}

rel_postgres_restart() {
  local thema p1 t
  thema="$(urls | awk '$1=="thema"{print $2}')"
  wrk_bg 20 "$thema?pagina=2" "$BENCH_CACHE/rel-pg.log"; p1=$WRK_PID
  sleep 4
  pg stop >/dev/null 2>&1
  echo "postgres down: $(curl -s -o "$BENCH_CACHE/pg-down.html" -w '%{http_code} in %{time_total}s' "$BASE$thema?pagina=3"); Dutch page: $(grep -o '<title>[^<]*' "$BENCH_CACHE/pg-down.html" | head -1); health $(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/")" | tee -a "$OUT"
  sleep 3
  pg start >/dev/null 2>&1
  t=$SECONDS
  until curl -fs -o /dev/null "$BASE$thema?pagina=4"; do
    ((SECONDS - t < 20)) || break
    sleep 0.1
  done
  echo "postgres restarted: first 200 after $((SECONDS - t))s; now $(curl -s -o /dev/null -w '%{http_code}' "$BASE$thema?pagina=5")" | tee -a "$OUT"
  wait "$p1" || true
  echo "postgres restart: load during it (page cache off): $(grep RESULT "$BENCH_CACHE/rel-pg.log")" | tee -a "$OUT"
}

exclusively() {  # exclusively FUNCTION: run it holding the CPU lock, load average around it
  local fd before
  exec {fd}>>"$CPU_LOCK"
  flock -x "$fd"
  LOCK_FD="$fd"
  before="$(load)"
  "$@"
  echo "$1: load $before -> $(load)" | tee -a "$OUT"
  flock -u "$fd"
  exec {fd}>&-
  LOCK_FD=""
}

cmd_reliability() {
  start_services
  local parts="${RELIABILITY:-publish mixed engine postgres}" i
  start_server true
  if [[ $parts == *publish* ]]; then
    for i in $(seq 1 "${PUBLISH_RUNS:-3}"); do exclusively rel_publish; done
  fi
  [[ $parts == *mixed* ]] && exclusively rel_mixed
  [[ $parts == *proxy* ]] && exclusively rel_mixed_proxy && start_server true
  [[ $parts == *engine* ]] && exclusively rel_engine_stop
  stop_server
  if [[ $parts == *postgres* ]]; then
    start_server false
    exclusively rel_postgres_restart
    stop_server
  fi
  say "results in $OUT"
}

case "${1:-all}" in
  setup) cmd_setup ;;
  measure) cmd_measure ;;
  reliability) cmd_reliability ;;
  all) cmd_setup; cmd_measure; cmd_reliability ;;
  stop) pg stop; engine stop ;;
  *) echo "usage: $0 [setup|measure|reliability|all|stop]" >&2; exit 2 ;;
esac
