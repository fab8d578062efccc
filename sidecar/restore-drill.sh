#!/bin/sh
# One-shot restore drill for the compose stack: waits (up to DRILL_WAIT_SECONDS) until the repository holds a
# backup, then runs `db-backup drill` and exits with its code (0 compliant, 3 not compliant, 1 failed).
set -eu
wait_seconds="${DRILL_WAIT_SECONDS:-600}"
waited=0
until db-backup --json list 2>/dev/null | grep -q '"id"'; do
  if [ "$waited" -ge "$wait_seconds" ]; then
    echo "restore-drill: no backup appeared within ${wait_seconds}s" >&2
    exit 4
  fi
  sleep 10
  waited=$((waited + 10))
done
exec db-backup drill "$@"
