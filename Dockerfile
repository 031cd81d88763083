# k8s-mcp-interface as a container, e.g. for ToolHive:
#   thv run --transport sse --target-port 8080 <image>
# Runs as the non-root user `nonroot` (HOME=/home/nonroot, so a kubeconfig mounted at /home/nonroot/.kube is
# found); works with a read-only root filesystem (the program writes nothing to disk).
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json esbuild.mjs ./
COPY src ./src
RUN node esbuild.mjs --minify

FROM node:20-bookworm-slim
RUN groupadd --system nonroot && useradd --system --gid nonroot --create-home --home-dir /home/nonroot nonroot
ENV HOME=/home/nonroot NODE_ENV=production MCP_TRANSPORT=sse MCP_PORT=8080 MCP_HOST=0.0.0.0
COPY --from=build /src/dist/cli.js /app/cli.js
USER nonroot
WORKDIR /home/nonroot
EXPOSE 8080
# Binding 0.0.0.0 inside the container needs a token: pass MCP_AUTH_TOKEN (ToolHive proxies in front of it).
ENTRYPOINT ["node", "/app/cli.js"]
