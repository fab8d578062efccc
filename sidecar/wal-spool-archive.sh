#!/bin/sh
# PostgreSQL archive_command for the db-backup sidecar's spool shipping:
#   archive_command = '/usr/local/bin/wal-spool-archive.sh %p %f'
# Copies the WAL file %p into the shared spool directory atomically (temp file, fsync, rename), then waits for
# the sidecar to store it in the repository: the sidecar removes the spooled copy and writes acks/%f only once
# the object is durable. Exits 0 only then; otherwise 1 after WAL_SPOOL_TIMEOUT seconds, and PostgreSQL keeps
# the segment and retries. Writes nothing but the copy. POSIX sh: runs in the stock postgres images.
#   WAL_SPOOL_DIR      the shared volume (default /wal-spool)
#   WAL_SPOOL_TIMEOUT  seconds to wait for the acknowledgement (default 60)
set -u

path="${1:-}"
name="${2:-}"
spool="${WAL_SPOOL_DIR:-/wal-spool}"
timeout="${WAL_SPOOL_TIMEOUT:-60}"

fail() {
  echo "wal-spool-archive: $*" >&2
  exit 1
}

if [ -z "$path" ] || [ -z "$name" ]; then fail "usage: wal-spool-archive.sh %p %f"; fi
case "$name" in
  */* | .*) fail "refusing file name $name" ;;
esac
[ -f "$path" ] || fail "$path does not exist"
if [ ! -d "$spool" ] || [ ! -w "$spool" ]; then fail "spool directory $spool is missing or not writable"; fi

tmp="$spool/.$name.$$.tmp"
trap 'rm -f "$tmp"' EXIT
# Readable by the sidecar, which runs as another user on the shared volume.
umask 022
cat "$path" >"$tmp" || fail "cannot copy $path into $spool"
# fsync the copy before it becomes visible: a crash must never leave a torn file under the real name.
sync "$tmp" 2>/dev/null || sync
mv -f "$tmp" "$spool/$name" || fail "cannot move the copy of $name into place"

# Done when the sidecar took the file away *and* acknowledged it: it drops any older ack before storing, and
# writes the new one before removing the file, so a leftover ack never counts.
deadline=$(($(date +%s) + timeout))
while :; do
  if [ ! -e "$spool/$name" ] && [ -e "$spool/acks/$name" ]; then
    exit 0
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    fail "no acknowledgement for $name within ${timeout}s: is the db-backup sidecar running with WAL_SPOOL_DIR=$spool? (PostgreSQL retries)"
  fi
  sleep 0.1 2>/dev/null || sleep 1
done
