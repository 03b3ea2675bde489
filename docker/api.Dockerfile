# syntax=docker/dockerfile:1
# Flashline API. Build from the repository root:
#   docker build -f docker/api.Dockerfile -t flashline-api .

# ---- build: every dependency, compile apps/api (+ libs/contracts) to dist/apps/api ----------------------
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json ./
COPY libs ./libs
COPY apps/api ./apps/api
# nest-cli.json's assets copy the Lua scripts next to the compiled JS.
RUN npx nest build api

# ---- runtime: production dependencies + compiled output only ------------------------------------------
FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
# bcrypt ships prebuilt binaries (node-gyp-build), so no compiler is needed here.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist/apps/api ./dist/apps/api
# The image's unprivileged `node` user (uid 1000) runs the API and owns nothing it could rewrite.
USER node
EXPOSE 3000
# Healthy = the API answers and both Redis and MongoDB are up (the endpoint answers 503 otherwise).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains the process (stop listening, /api/health 503, SSE clients told to reconnect, accepted
# requests answered) and it exits within SHUTDOWN_TIMEOUT_MS; exec form so node receives it directly.
STOPSIGNAL SIGTERM
# The API. The same image runs the once-per-deploy migration (every collection and index):
#   node dist/apps/api/apps/api/src/migrate.js
CMD ["node", "dist/apps/api/apps/api/src/main.js"]
