# k8s-mcp-interface as a container, e.g. for ToolHive:
#   thv run --transport sse --target-port 8080 <image>
# Runs as the non-root user `nonroot` (HOME=/home/nonroot, so a kubeconfig mounted at /home/nonroot/.kube is
# found); works with a read-only root filesystem (the program writes nothing to disk but its compile cache,
# skipped when it cannot).
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json esbuild.mjs ./
COPY build ./build
COPY src ./src
# --minify is esbuild.mjs's default, stated for the reader; without --sourcemap no .map comment dangles.
RUN node esbuild.mjs --minify

FROM node:20-bookworm-slim
# A fixed uid/gid: deploy/ sets runAsUser to it, and a numeric USER lets Kubernetes' runAsNonRoot verify it.
RUN groupadd --gid 10001 nonroot \
 && useradd --uid 10001 --gid nonroot --create-home --home-dir /home/nonroot --shell /usr/sbin/nologin nonroot
# The container must listen on its network interface for ToolHive's proxy to reach it; the proxy does not
# send our bearer token, so unauthenticated network binding is allowed here (and only here). Set
# MCP_AUTH_TOKEN and MCP_ALLOW_UNAUTHENTICATED_NETWORK=false when the port is reachable by anything else.
ENV HOME=/home/nonroot NODE_ENV=production MCP_TRANSPORT=sse MCP_PORT=8080 MCP_HOST=0.0.0.0 \
    MCP_ALLOW_UNAUTHENTICATED_NETWORK=true
# cli.js runs cli-main.js (the program) through a V8 code cache; on a read-only root filesystem it writes
# none and the program starts as usual (K8S_MCP_COMPILE_CACHE in README "The command-line program").
COPY --from=build /src/dist/cli.js /src/dist/cli-main.js /app/
# Packages the CLI loads on first use (build/lazyModules.mjs), next to it where it looks for them.
COPY --from=build /src/dist/lazy /app/lazy
USER 10001:10001
WORKDIR /home/nonroot
EXPOSE 8080
ENTRYPOINT ["node", "/app/cli.js"]
