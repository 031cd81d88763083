// An esbuild plugin that turns imports of rarely used packages into stand-ins which load the real package on
// first use. A bundled package runs its module code at start-up even when no call ever needs it: client-node's
// config.js imports node-fetch (whose URL parser builds a 265 KB Unicode table) for a method we never call, and
// the proxy agents, the exec WebSocket and the MCP SDK's JSON Schema validator (ajv, used for elicitation only)
// served nobody on a plain stdio session. Measured in README "Measured": start-up CPU and RSS before/after.
//
// The stand-in is made from the real module's own export names (read at build time), so importers see the same
// names: each is a getter that loads the module. A module whose export is itself a function or class (ws,
// node-fetch) gets a callable stand-in that forwards calls, `new` and `instanceof`.
import { createRequire } from 'node:module';

/** Bare package names, and the SDK's validator module however it is imported. */
const LAZY = /^(node-fetch|ws|minimatch|hpagent|socks-proxy-agent|http-proxy-agent|https-proxy-agent|@modelcontextprotocol\/sdk\/validation\/ajv|\.\.\/validation\/ajv-provider\.js)$/;

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

function standIn(file, { names, callable, esModule }) {
  const lines = [
    `let real;`,
    `const load = () => (real ??= require(${JSON.stringify(file)}));`,
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
    b.onLoad({ filter: /.*/, namespace: 'lazy-module' }, async (args) => {
      const file = args.path.slice(0, -STAND_IN_SUFFIX.length);
      return { contents: standIn(file, await exportNames(file)), loader: 'js', resolveDir: process.cwd() };
    });
  },
};
