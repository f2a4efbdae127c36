# syntax=docker/dockerfile:1
# Porch: deps → build → a slim runtime that runs the Deno server as a non-root user.
# Each step calls the same scripts CI runs (npm ci, scripts/build.mjs, scripts/start.mjs, scripts/cli.mjs).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci

FROM deps AS build
COPY . .
RUN node scripts/build.mjs

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DENO_NO_UPDATE_CHECK=1
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
# Production dependencies only; install scripts fetch nothing (deno ships inside its npm package).
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/build ./build
COPY scripts ./scripts
USER node
EXPOSE 3000
# DATABASE_URL must be set (fly secrets set DATABASE_URL=…); migrations run in fly.toml's release_command.
CMD ["node", "scripts/start.mjs", "deno"]
