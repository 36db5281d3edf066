#!/bin/sh
# The nginx service of deploy/compose.yaml: fill in the template's ${ATLAS_*} names (only those:
# nginx's own $variables stay) from the environment (deploy/nginx.env), then run nginx.
set -eu
mkdir -p "$ATLAS_RUNTIME"
names=$(env | sed -n 's/^\(ATLAS_[A-Z_]*\)=.*/${\1}/p' | tr '\n' ' ')
envsubst "$names" < "${ATLAS_TEMPLATE:-/etc/atlas/nginx.conf.template}" > "$ATLAS_RUNTIME/nginx.conf"
exec nginx -c "$ATLAS_RUNTIME/nginx.conf" -g 'daemon off;'
