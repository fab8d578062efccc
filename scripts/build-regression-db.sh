#!/usr/bin/env bash
# Builds PostgreSQL's regression database the way `make installcheck-parallel` does, for
# test/regression-db.test.ts, and caches it under .cache/regression-db/<server version>/:
#   data/    the stopped cluster that holds database "regression" (and the roles the suite leaves behind)
#   lib/     regress.so, autoinc.so, refint.so: the suite's C functions point at this directory
#   done     written last, with what was built; its absence means "no cache"
# pg_regress comes with Debian's PostgreSQL packages (postgresql-server-dev-N brings the headers); the SQL
# suite and regress.c come from the Debian source package of the installed server (deb-src entries are
# added for the same suites when missing). Runs as root (apt-get; the server runs as the postgres user).
# Exits 0 when the cache is ready, non-zero with the reason on stderr otherwise; CI tolerates a failure
# (the test then skips, saying why).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

die() { echo "build-regression-db: $*" >&2; exit 1; }
log() { echo "build-regression-db: $*" >&2; }

[ "$(id -u)" -eq 0 ] || die "needs root (apt-get, and running the server as the postgres user)"
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$BIN" ] && [ -x "$BIN/postgres" ] || die "no PostgreSQL server under /usr/lib/postgresql"
VERSION=$("$BIN/postgres" --version | awk '{print $3}')
MAJOR=${VERSION%%.*}
CACHE="$ROOT/.cache/regression-db/$VERSION"
if [ -f "$CACHE/done" ] && [ "${1:-}" != "--force" ]; then
  log "cached: $CACHE"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
need=()
[ -f "/usr/include/postgresql/$MAJOR/server/postgres.h" ] || need+=("postgresql-server-dev-$MAJOR")
command -v gcc >/dev/null 2>&1 || need+=(build-essential)
command -v dpkg-source >/dev/null 2>&1 || need+=(dpkg-dev)
if [ "${#need[@]}" -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The headers' package may have upgraded the server: build for the version that now runs.
VERSION=$("$BIN/postgres" --version | awk '{print $3}')
CACHE="$ROOT/.cache/regression-db/$VERSION"
PG_REGRESS="/usr/lib/postgresql/$MAJOR/lib/pgxs/src/test/regress/pg_regress"
[ -x "$PG_REGRESS" ] || die "no pg_regress at $PG_REGRESS"

# Source entries for the suites the binary packages come from, when none exist yet.
if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  [ -f /etc/apt/sources.list.d/debian.sources ] || die "no deb-src entries and no debian.sources to derive them from"
  log "adding deb-src entries (/etc/apt/sources.list.d/db-backup-deb-src.sources)"
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources >/etc/apt/sources.list.d/db-backup-deb-src.sources
  apt-get update -qq
fi

WORK=$(mktemp -d /tmp/regression-db-build.XXXXXX)
PGCTL_DATA=""
cleanup() {
  if [ -n "$PGCTL_DATA" ]; then runuser -u postgres -- "$BIN/pg_ctl" stop -D "$PGCTL_DATA" -m immediate >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
chmod 755 "$WORK"

# The source of exactly the installed server where a mirror still has it, else the newest of the same major
# that can be fetched (a mirror may list a version in its index whose files it no longer serves).
cd "$WORK"
INSTALLED=$(dpkg-query -W -f '${Version}' "postgresql-$MAJOR" 2>/dev/null || true)
fetched=""
for v in $INSTALLED $(apt-cache showsrc "postgresql-$MAJOR" 2>/dev/null | awk '/^Version:/{print $2}' | sort -rV); do
  if apt-get source -qq --download-only "postgresql-$MAJOR=$v" >/dev/null 2>&1; then fetched=$v; break; fi
  rm -f ./*.dsc ./*.tar.* 2>/dev/null || true
done
[ -n "$fetched" ] || die "apt-get source postgresql-$MAJOR failed for every listed version (no deb-src entries reachable?)"
log "source: postgresql-$MAJOR $fetched (server $VERSION)"
DSC=$(ls ./*.dsc | head -1)
dpkg-source --no-check -x "$DSC" src >/dev/null
SRC="$WORK/src"
REGRESS="$SRC/src/test/regress"
[ -f "$REGRESS/parallel_schedule" ] || die "the source package has no src/test/regress/parallel_schedule"

# What `make -C src/test/regress` builds for installcheck: regress.so, and contrib/spi's autoinc and refint.
rm -rf "$CACHE"
mkdir -p "$CACHE/lib"
INCLUDE=$("$BIN/pg_config" --includedir-server 2>/dev/null || echo "/usr/include/postgresql/$MAJOR/server")
for c in "$REGRESS/regress.c" "$SRC/contrib/spi/autoinc.c" "$SRC/contrib/spi/refint.c"; do
  gcc -O2 -fPIC -shared -I"$INCLUDE" -o "$CACHE/lib/$(basename "$c" .c).so" "$c" || die "compiling $c failed"
done
chmod -R a+rX "$ROOT/.cache/regression-db"

# A private cluster as the postgres user, on a free port and a private socket directory.
install -d -o postgres -m 700 "$WORK/cluster"
install -d -o postgres -m 755 "$WORK/out"
DATA="$WORK/cluster/data"
SOCK="$WORK/cluster"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
runuser -u postgres -- "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
PGCTL_DATA=$DATA
runuser -u postgres -- "$BIN/pg_ctl" start -D "$DATA" -w -t 60 -l "$WORK/cluster/server.log" \
  -o "-p $PORT -k $SOCK -c listen_addresses=''" >/dev/null

# make installcheck-parallel: pg_regress against the running server, the parallel schedule, 20 at a time.
log "running the parallel schedule (PostgreSQL $VERSION)"
set +e
(cd "$WORK/out" && runuser -u postgres -- "$PG_REGRESS" --inputdir="$REGRESS" --outputdir="$WORK/out" \
  --bindir="$BIN" --dlpath="$CACHE/lib" --max-concurrent-tests=20 --schedule="$REGRESS/parallel_schedule" \
  --host="$SOCK" --port="$PORT" >"$WORK/regress.log" 2>&1)
STATUS=$?
set -e
SUMMARY=$(grep -E 'tests (passed|failed)|failed \(ignored\)|of [0-9]+ tests' "$WORK/regress.log" | tail -2 | tr '\n' ' ')
TABLES=$(runuser -u postgres -- "$BIN/psql" -h "$SOCK" -p "$PORT" -d regression -Atc \
  "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p') AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%'" 2>/dev/null || echo 0)
# A few tests differ with the platform (locale, timing): the database is what matters, not every diff.
[ "$TABLES" -ge 300 ] || { tail -40 "$WORK/regress.log" >&2; die "pg_regress left $TABLES tables in regression (exit $STATUS)"; }
FAILED=$(awk '/FAILED/ {for (i = 1; i <= NF; i++) if ($i ~ /^[a-z_0-9]+$/ && $i != "test" && $i != "ok") {print $i; break}}' "$WORK/regress.log" | tr '\n' ' ')
# Let the suite's WAL go (it is most of the size, and every test run copies the cluster): two checkpoints
# around a segment switch at a small max_wal_size recycle it.
"$BIN/psql" -h "$SOCK" -p "$PORT" -U postgres -d postgres -qAt >/dev/null \
  -c "ALTER SYSTEM SET max_wal_size = '32MB'" -c "ALTER SYSTEM SET min_wal_size = '32MB'" -c 'SELECT pg_reload_conf()' \
  -c 'CHECKPOINT' -c 'SELECT pg_switch_wal()' -c 'CHECKPOINT' -c 'ALTER SYSTEM RESET ALL'
runuser -u postgres -- "$BIN/pg_ctl" stop -D "$DATA" -m fast -w >/dev/null
PGCTL_DATA=""
mv "$DATA" "$CACHE/data"
printf 'version=%s\nsource=%s\ntables=%s\npg_regress_exit=%s\nsummary=%s\nfailed=%s\n' \
  "$VERSION" "$(basename "$DSC")" "$TABLES" "$STATUS" "$SUMMARY" "$FAILED" >"$CACHE/done"
log "ready: $CACHE ($TABLES tables; pg_regress: ${SUMMARY:-exit $STATUS})"
