#!/usr/bin/env bash
# A real Docker engine for the docker/deploy tests and benches, on a machine with no registry:
#  1. Debian's docker.io and debootstrap (checked with dpkg, installed when missing);
#  2. dockerd started in the background when the socket does not answer (log: .docker-test/);
#  3. the local base image (python3 + nginx), made by debootstrap + `docker import` because no
#     image can be pulled; the rootfs tarball is cached in .docker-test/ so later runs skip it.
# Idempotent. Recipe: ../shared/notes/docker.md. Prints the end of the failing step's log.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="$ROOT/.docker-test"
BASE_IMAGE="${MLOPS_BASE_IMAGE:-local/mlops-base:bookworm}"
mkdir -p "$STATE"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

fail() { echo "setup-docker: $1; the last lines of $2:" >&2; tail -n 30 "$2" >&2; exit 1; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }

need=()
for pkg in docker.io debootstrap; do installed "$pkg" || need+=("$pkg"); done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup-docker: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}"; } >"$STATE/apt.log" 2>&1 \
    || fail "installing ${need[*]} failed" "$STATE/apt.log"
fi

engine_answers() { timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
if ! engine_answers; then
  echo "setup-docker: starting dockerd (log: $STATE/dockerd.log)"
  $SUDO sh -c "nohup dockerd --log-level warn >'$STATE/dockerd.log' 2>&1 &"
  for _ in $(seq 1 60); do engine_answers && break; sleep 0.5; done
  engine_answers || fail "dockerd did not answer within 30 s" "$STATE/dockerd.log"
fi

if ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  TARBALL="$STATE/base-rootfs-bookworm.tar"
  if [ ! -s "$TARBALL" ]; then
    echo "setup-docker: building the base rootfs with debootstrap (about 2 minutes, once)"
    ROOTFS="$(mktemp -d)"
    debootstrap --variant=minbase --include=python3,nginx-light bookworm "$ROOTFS" >"$STATE/debootstrap.log" 2>&1 \
      || fail "debootstrap failed" "$STATE/debootstrap.log"
    tar -C "$ROOTFS" -cf "$TARBALL.partial" . && mv "$TARBALL.partial" "$TARBALL"
    rm -rf "$ROOTFS"
  fi
  docker import "$TARBALL" "$BASE_IMAGE" >"$STATE/import.log" 2>&1 || fail "docker import failed" "$STATE/import.log"
  echo "setup-docker: base image $BASE_IMAGE ready"
fi

# A test run that was killed (not failed: its cleanup never ran) leaves its labelled containers
# behind, and a later run would list them as its own. Only test-labelled containers are touched.
stale="$(docker ps -aq --filter label=mlops.test)"
if [ -n "$stale" ]; then
  echo "setup-docker: removing $(echo "$stale" | wc -l) container(s) left by an interrupted test run"
  docker rm -f $stale >/dev/null
fi
