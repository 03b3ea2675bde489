# syntax=docker/dockerfile:1
# Flashline storefront: Angular production build served by nginx, which also proxies /api to the API.
# Build from the repository root:
#   docker build -f docker/storefront.Dockerfile -t flashline-storefront .

# ---- build ------------------------------------------------------------------------------------------------
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY angular.json tsconfig.json ./
COPY libs ./libs
COPY apps/storefront ./apps/storefront
RUN npx ng build storefront --configuration production

# ---- runtime ----------------------------------------------------------------------------------------------
FROM nginx:1.28-alpine AS runtime
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/dist/apps/storefront/browser /usr/share/nginx/html
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
STOPSIGNAL SIGQUIT
