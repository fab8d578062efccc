#!/usr/bin/env bash
# backup-manager.sh: one stable shell entry for the db-backup stack. Uses the compose services when they run
# (docker compose -f docker-compose.backup.yml --profile backup), and the local CLI otherwise.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMPOSE_FILE="${COMPOSE_FILE:-$ROOT/docker-compose.backup.yml}"
CLI="${DB_BACKUP_CLI:-$ROOT/dist/cli/index.js}"

usage() {
  cat <<'USAGE'
usage: scripts/backup-manager.sh <command> [arguments]

  start-services               start the stack (postgres, db-backup sidecar, minio) in the background
  stop-services                stop the stack (volumes are kept)
  create-backup                take a backup now
  list-backups                 list the complete backups
  restore [BACKUP] [TARGET_DB] restore BACKUP (default: the latest) into TARGET_DB (default: <database>_restored)
  pitr TIME [PGDATA] [ARGS]    point-in-time restore: the newest base backup before TIME plus archived WAL into
                               the empty directory PGDATA (default ./pitr-restore), recovering to TIME
                               (e.g. 2026-11-22T14:05:00Z); ARGS go to db-backup restore --pitr (--start, ...)
  monthly-drill [ARGS]         run a restore drill with an RPO/RTO compliance report; ARGS go to db-backup drill
                               (-d DB, --rpo, --rto, ...). monthly-drill --pitr [--target-time TIME|random]
                               drills a point-in-time restore: base backup + archived WAL into a throwaway cluster
  cleanup                      apply the retention policy (prune)
  status                       per database: the latest backup against the RPO (exit 3 when stale)
  logs [backup|drill]          follow the sidecar's logs, or the drill's (local mode: the newest reports)
  help                         this text

Compose mode is used when the db-backup service runs; otherwise the local CLI (node dist/cli/index.js) with
the usual environment (PGHOST, PGPASSWORD, BACKUP_STORAGE, ...). Exit codes are db-backup's.
USAGE
}

compose() {
  docker compose -f "$COMPOSE_FILE" --profile backup "$@"
}

# True when the sidecar container is up (and a Docker engine answers).
services_running() {
  command -v docker >/dev/null 2>&1 || return 1
  [ -n "$(compose ps -q db-backup 2>/dev/null)" ]
}

# Runs db-backup in the sidecar container when it runs, else with the local CLI.
db_backup() {
  if services_running; then
    compose exec -T db-backup node /app/dist/cli/index.js "$@"
  else
    if [ ! -f "$CLI" ]; then
      echo "backup-manager: $CLI not found; run npm run build, or start-services" >&2
      exit 1
    fi
    node "$CLI" "$@"
  fi
}

# Point-in-time restore into a host directory. In compose mode a one-off sidecar container writes into it
# through a bind mount (the running sidecar's own filesystem would vanish with it).
pitr_restore() {
  local time="${1:-}"
  if [ -z "$time" ]; then
    echo "backup-manager: pitr needs a target time, e.g. pitr 2026-11-22T14:05:00Z [PGDATA]" >&2
    exit 2
  fi
  local pgdata="${2:-$PWD/pitr-restore}"
  if [ "$#" -ge 2 ]; then shift 2; else shift 1; fi
  if services_running; then
    mkdir -p "$pgdata"
    pgdata="$(cd "$pgdata" && pwd)"
    compose run --rm --no-deps -v "$pgdata:/pitr-restore" db-backup \
      restore --pitr --pgdata /pitr-restore --target-time "$time" "$@"
  else
    db_backup restore --pitr --pgdata "$pgdata" --target-time "$time" "$@"
  fi
}

# The database a restore applies to: the first of BACKUP_DATABASES, or app.
default_database() {
  local first="${BACKUP_DATABASES:-app}"
  printf '%s' "${first%%,*}"
}

main() {
  local command="${1:-help}"
  [ "$#" -gt 0 ] && shift
  case "$command" in
    start-services)
      compose up -d
      echo "services started: health on http://localhost:${DB_BACKUP_PORT:-8080}/healthz"
      ;;
    stop-services)
      compose down
      ;;
    create-backup)
      db_backup backup "$@"
      ;;
    list-backups)
      db_backup list "$@"
      ;;
    restore)
      local backup="${1:-}"
      local database
      database="$(default_database)"
      local target="${2:-${database}_restored}"
      if [ -n "$backup" ] && [ "$backup" != "latest" ]; then
        db_backup restore "$backup" --target-database "$target"
      else
        db_backup restore --latest --database "$database" --target-database "$target"
      fi
      ;;
    pitr)
      pitr_restore "$@"
      ;;
    monthly-drill)
      db_backup drill "$@"
      ;;
    cleanup)
      db_backup prune "$@"
      ;;
    status)
      db_backup status "$@"
      ;;
    logs)
      local which="${1:-backup}"
      case "$which" in
        backup | drill) ;;
        *)
          echo "backup-manager: logs takes backup or drill, not $which" >&2
          exit 2
          ;;
      esac
      if services_running; then
        if [ "$which" = drill ]; then compose logs --tail 200 restore-drill; else compose logs --tail 200 -f db-backup; fi
      elif [ "$which" = drill ]; then
        db_backup drill history
      else
        db_backup list
      fi
      ;;
    help | -h | --help)
      usage
      ;;
    *)
      echo "backup-manager: unknown command $command" >&2
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
