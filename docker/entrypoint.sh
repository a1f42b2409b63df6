#!/bin/sh
# Entrypoint of the openlist image; compatible with OpenList's (/entrypoint.sh):
#   (no arguments)       ./openlist server --no-prefix
#   version              ./openlist version
#   anything else        ./openlist "$@"   (e.g. `docker run … IMAGE cancel2fa`)
# UMASK (default 022) applies to every file the server creates in ./data.
# PUID/PGID apply only when the container runs as root (`user: "0:0"`): ./data is handed to
# PUID:PGID and the server drops to them. `docker exec … ./openlist …` as root then also switches
# to the owner of ./data by itself, so no root-owned file is left behind.
set -eu
cd /opt/openlist
umask "${UMASK:-022}"

if [ "${1:-}" = "version" ]; then
  exec ./openlist version
fi
if [ "$#" -gt 0 ]; then
  exec ./openlist "$@"
fi

mkdir -p ./data 2>/dev/null || true

if [ "$(id -u)" = "0" ] && [ "${PUID:-0}" != "0" ]; then
  gid=${PGID:-$PUID}
  find ./data \( ! -user "$PUID" -o ! -group "$gid" \) -exec chown -h "$PUID:$gid" {} +
  exec setpriv --reuid="$PUID" --regid="$gid" --clear-groups ./openlist server --no-prefix
fi

if [ ! -w ./data ] || [ ! -x ./data ]; then
  cat >&2 <<MSG
Error: the user $(id -u):$(id -g) cannot write $(pwd)/data.
Make the volume writable for uid $(id -u) (e.g. \`chown -R $(id -u):$(id -g) /path/on/host\`),
or run the container as root with PUID/PGID set to the owner of that folder.
错误：用户 $(id -u):$(id -g) 无法写入 $(pwd)/data，请修改挂载目录的权限，或以 root 运行并设置 PUID/PGID。
MSG
  exit 1
fi

exec ./openlist server --no-prefix
