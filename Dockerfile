# Multi-stage build of the single Daybreak binary with the dashboard embedded.

FROM node:20-bookworm-slim AS dashboard
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm install --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM rust:1.95-bookworm AS server
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY migration ./migration
COPY src ./src
COPY --from=dashboard /src/frontend/dist ./frontend/dist
ENV DAYBREAK_SKIP_FRONTEND_BUILD=1
RUN cargo build --release --locked --bin daybreak

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /var/lib/daybreak daybreak \
    && mkdir -p /var/lib/daybreak && chown daybreak /var/lib/daybreak
COPY --from=server /src/target/release/daybreak /usr/local/bin/daybreak
USER daybreak
WORKDIR /var/lib/daybreak
ENV DAYBREAK_ADDR=0.0.0.0:8080 DAYBREAK_LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["daybreak"]
CMD ["serve"]
