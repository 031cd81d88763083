/** The product version, injected by esbuild from package.json (falls back for tsc-compiled tests). */
declare const __K8S_MCP_VERSION__: string | undefined;

export const VERSION: string = typeof __K8S_MCP_VERSION__ === 'string' ? __K8S_MCP_VERSION__ : '0.0.0-dev';
