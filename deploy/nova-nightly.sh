#!/usr/bin/env bash
# Nightly refresh of the gold: build from the exports folder into the served gold folder (the new
# snapshot appears only when manifest.json is swapped, last), optionally publish to S3/MinIO, then
# check the deployment with `nova-etl doctor`. Run by cron or the nova-nightly systemd timer
# (docs/operations.md).
#
# Settings: the environment, or NOVA_ENV_FILE (default: nova.env beside the bin/ folder this script
# is installed in, e.g. /srv/nova/nova.env for /srv/nova/bin/nova-nightly):
#   NOVA_HOME=/srv/nova            NOVA_EXPORTS=$NOVA_HOME/exports   NOVA_GOLD=$NOVA_HOME/gold
#   NOVA_S3_TARGET=s3://nova/gold  NOVA_S3_ENDPOINT=http://minio:9000 (+ AWS_* credentials)
#   NOVA_CHECK_URL=http://127.0.0.1:8080/gold/   NOVA_MAX_AGE_DAYS=2
#
# Exit codes: 0 refreshed and healthy; 1 the quality gate refused the data (nothing published, the
# previous snapshot keeps serving); 2 usage or settings error; 3 publish to S3 failed; 4 published
# but doctor found a problem; 75 another refresh is still running.
set -uo pipefail
NOVA_ENV_FILE="${NOVA_ENV_FILE:-$(dirname "$0")/../nova.env}"
if [ -r "$NOVA_ENV_FILE" ]; then set -a; . "$NOVA_ENV_FILE"; set +a; fi
NOVA_HOME="${NOVA_HOME:-/srv/nova}"
EXPORTS="${NOVA_EXPORTS:-$NOVA_HOME/exports}"
GOLD="${NOVA_GOLD:-$NOVA_HOME/gold}"
log() { printf '%s nova-nightly: %s\n' "$(date -u +%FT%TZ)" "$*" >&2; }

[ -d "$EXPORTS" ] || { log "exports folder $EXPORTS does not exist"; exit 2; }
exec 9>"$NOVA_HOME/.nightly.lock" || { log "cannot open $NOVA_HOME/.nightly.lock"; exit 2; }
flock -n 9 || { log "another refresh is running"; exit 75; }

nova-etl build --input "$EXPORTS" --out "$GOLD" --quiet
rc=$?
case $rc in
  0) log "built $(nova-etl inspect "$GOLD" --json | sed -n 's/.*"snapshot_id": *"\([^"]*\)".*/\1/p' | head -1)" ;;
  1) log "quality gate refused the data (see the lines above); nothing published, the previous snapshot keeps serving"; exit 1 ;;
  *) log "nova-etl build: usage or settings error (exit $rc)"; exit 2 ;;
esac

if [ -n "${NOVA_S3_TARGET:-}" ]; then
  nova-etl publish --from "$GOLD" --to "$NOVA_S3_TARGET" ${NOVA_S3_ENDPOINT:+--endpoint "$NOVA_S3_ENDPOINT"} --quiet \
    || { log "publish to $NOVA_S3_TARGET failed"; exit 3; }
fi
if [ -n "${NOVA_CHECK_URL:-}" ]; then
  nova-etl doctor "$NOVA_CHECK_URL" --max-age "${NOVA_MAX_AGE_DAYS:-2}" || { log "doctor found problems at $NOVA_CHECK_URL"; exit 4; }
fi
log "done"
