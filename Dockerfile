# syntax=docker/dockerfile:1

# ---- build: compile the monolith, then keep only production dependencies ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 is a native addon: node-gyp needs python3, make and g++ when no prebuilt binary fits.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# @scarf/scarf (a dependency of @nestjs/swagger) phones home from its install script otherwise.
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
# Every app (monolith, api, scheduler, messaging): one image serves both compose files.
RUN npm run build
RUN npm prune --omit=dev

# ---- runtime: same base image (same glibc and Node ABI as the compiled addon), non-root ----
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The only writable place: the SQLite database and the queued-jobs backup. A named volume mounted
# here starts with this directory's ownership, so the node user can write to it.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
ENV NODE_ENV=production SQLITE_PATH=/app/data/scheduler.sqlite MESSAGING_BACKUP_FILE=/app/data/jobs_backup.json
EXPOSE 3000
# No curl in slim images: node's global fetch; healthy only on 200 from the readiness endpoint.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"]
CMD ["node", "dist/apps/monolith/main.js"]
