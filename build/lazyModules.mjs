// An esbuild plugin that turns imports of rarely used packages into stand-ins which load the real package on
// first use. A bundled package runs its module code at start-up even when no call ever needs it: client-node's
// config.js imports node-fetch (whose URL parser builds a 265 KB Unicode table) for a method we never call, and
// the proxy agents, the exec WebSocket and the MCP SDK's JSON Schema validator (ajv, used for elicitation only)
// served nobody on a plain stdio session. Measured in README "Measured": start-up CPU and RSS before/after.
//
// The real package is bundled on its own into dist/lazy/ (esbuild.mjs builds what `lazyBundles` lists), not
// into the main bundle: V8 reads and pre-parses every byte of a script it compiles, used or not, and keeps the
// parser's memory (the stdio CLI went from 1.98 to 0.69 MB, 75 to 66 MB RSS after start, ~18% less start-up
// CPU). Only leaf packages are listed: a separate bundle has its own copy of what it imports, so a package
// that shares state or classes with the rest of the program must stay in the main bundle.
//
// The stand-in is made from the real module's own export names (read at build time), so importers see the same
// names: each is a getter that loads the module. A module whose export is itself a function or class (ws,
// node-fetch) gets a callable stand-in that forwards calls, `new` and `instanceof`.
import { createRequire } from 'node:module';

/** Bare package names, and the SDK's validator module however it is imported. iconv-lite (490 KB of tables,
 * for raw-body), @hono/node-server and prom-client serve only the HTTP transports; jsonpath-plus and
 * openid-client only client-node methods and auth providers we call rarely or never. Not js-yaml: client-node's
 * loadFromString parses every kubeconfig with it at start, and in the main bundle the compile cache
 * (src/cli/compileCacheLoader.ts) covers it. */
const LAZY = /^(node-fetch|ws|minimatch|hpagent|socks-proxy-agent|http-proxy-agent|https-proxy-agent|iconv-lite|jsonpath-plus|openid-client|prom-client|@hono\/node-server|@modelcontextprotocol\/sdk\/validation\/ajv|\.\.\/validation\/ajv-provider\.js)$/;

const STAND_IN_SUFFIX = '.lazy.cjs';

async function exportNames(file) {
  const require = createRequire(file);
  try {
    const value = require(file);
    return { names: Object.getOwnPropertyNames(value), callable: typeof value === 'function', esModule: value.__esModule === true };
  } catch (err) {
    if (err.code !== 'ERR_REQUIRE_ESM') throw err;
    return { names: Object.keys(await import(file)), callable: false, esModule: true };
  }
}

/** Own properties every function already has; a callable stand-in keeps its own. */
const FUNCTION_OWN = new Set(['length', 'name', 'prototype', 'caller', 'arguments']);

/** Lazy modules met by the bundles built so far: file name under dist/lazy/ → the real module's path. */
export const lazyBundles = new Map();

/** node_modules/@hono/node-server/dist/index.js → hono-node-server-dist-index.js */
function lazyBundleName(file) {
  return file.slice(file.lastIndexOf('node_modules/') + 'node_modules/'.length).replace(/\.c?js$/, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-/, '') + '.js';
}

function standIn(file, { names, callable, esModule }) {
  const bundle = lazyBundleName(file);
  lazyBundles.set(bundle, file);
  const lines = [
    `let real;`,
    // Relative to the main bundle that holds this stand-in (dist/cli-main.js or dist/extension.js).
    `const load = () => (real ??= require(${JSON.stringify(`./lazy/${bundle}`)}));`,
    callable
      ? `const standIn = function (...args) { return new.target ? Reflect.construct(load(), args) : load().apply(this, args); };
Object.defineProperty(standIn, Symbol.hasInstance, { value: (x) => x instanceof load() });`
      : `const standIn = {};`,
  ];
  if (esModule) lines.push(`Object.defineProperty(standIn, '__esModule', { value: true });`);
  const lazyNames = names.filter((n) => n !== '__esModule' && !(callable && FUNCTION_OWN.has(n)));
  lines.push(`for (const name of ${JSON.stringify(lazyNames)}) Object.defineProperty(standIn, name, { enumerable: true, get: () => load()[name] });`);
  lines.push(`module.exports = standIn;`);
  return lines.join('\n');
}

export const lazyModules = {
  name: 'lazy-modules',
  setup(b) {
    b.onResolve({ filter: LAZY }, async (args) => {
      // Any plugin data means a plugin (this one, or clientNodeSideEffectFree) is resolving the real file.
      if (args.pluginData !== undefined) return undefined;
      // Resolved as require() would resolve it (the stand-in is CommonJS and requires it), so dual packages
      // give their CommonJS build.
      const real = await b.resolve(args.path, { kind: 'require-call', resolveDir: args.resolveDir, importer: args.importer, pluginData: 'lazy-real' });
      if (real.errors.length || real.external) return real;
      // The .cjs suffix makes esbuild treat the stand-in as CommonJS whatever the real file is.
      return { path: `${real.path}${STAND_IN_SUFFIX}`, namespace: 'lazy-module' };
    });
    b.onResolve({ filter: /^\.\/lazy\// }, (args) => (args.namespace === 'lazy-module' ? { path: args.path, external: true } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-module' }, async (args) => {
      const file = args.path.slice(0, -STAND_IN_SUFFIX.length);
      return { contents: standIn(file, await exportNames(file)), loader: 'js', resolveDir: process.cwd() };
    });
  },
};
