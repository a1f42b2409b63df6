# syntax=docker/dockerfile:1.7
# openlist image: web app -> PyInstaller onedir -> debian:bookworm-slim.
#   docker build -t openlist .
#   docker run -d --name openlist -p 5244:5244 -v openlist-data:/opt/openlist/data openlist
#   docker exec -it openlist ./openlist cancel2fa
# Bookworm in both the build and the runtime stage: the bundle needs the build host's glibc.
# Checked without an engine by scripts/docker-check (lint, structure, the same steps in a chroot).
ARG NODE_IMAGE=node:20-bookworm-slim
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# 1. The web app (vite writes to ../openlist/webui).
FROM ${NODE_IMAGE} AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build && test -f /src/openlist/webui/index.html

# 2. The onedir bundle, from a clean venv holding exactly requirements.lock.
FROM ${PYTHON_IMAGE} AS build
# objdump: PyInstaller refuses to run on Linux without it
RUN apt-get update \
 && apt-get install -y --no-install-recommends binutils \
 && rm -rf /var/lib/apt/lists/*
ENV PYTHONHASHSEED=0 OPENLIST_ONEDIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY requirements.lock ./
RUN --mount=type=cache,target=/root/.cache/pip \
    python -m venv /venv \
 && /venv/bin/pip install --no-deps -r requirements.lock \
 && /venv/bin/pip check
COPY pyproject.toml README.md openlist.spec pyi_entry.py ./
COPY packaging/ packaging/
COPY openlist/ openlist/
COPY --from=web /src/openlist/webui/ openlist/webui/
RUN /venv/bin/pip install --no-deps --no-build-isolation . \
 && rm -rf build openlist.egg-info \
 && /venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
      --workpath /tmp/pyi --distpath /src/dist openlist.spec \
 && ./dist/openlist/openlist --data /tmp/probe version

# 3. The runtime: glibc, libz, CA certificates, time zones, a shell for the entrypoint.
FROM ${RUNTIME_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd -g 1001 openlist \
 && useradd -l -u 1001 -g 1001 -M -d /opt/openlist -s /usr/sbin/nologin openlist
WORKDIR /opt/openlist
# The program stays root-owned (read-only for the server); only ./data belongs to uid 1001.
COPY --from=build /src/dist/openlist/ ./
COPY --chmod=755 docker/entrypoint.sh /entrypoint.sh
RUN mkdir -p /opt/openlist/data && chown 1001:1001 /opt/openlist/data
USER 1001:1001
RUN /entrypoint.sh version
ENV UMASK=022 TZ=UTC
VOLUME /opt/openlist/data
EXPOSE 5244
# bookworm-slim has no curl: bash's /dev/tcp asks /ping
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/5244 && printf 'GET /ping HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["/entrypoint.sh"]
