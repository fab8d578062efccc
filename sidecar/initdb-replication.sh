#!/bin/sh
# Run once by the postgres image at initdb (/docker-entrypoint-initdb.d): lets the db-backup sidecar connect
# for replication, which `db-backup base-backup` (pg_basebackup) needs, with the same password authentication
# as ordinary connections.
set -eu
echo "host replication all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
