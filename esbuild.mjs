// Two bundles (STYLE.md): the command-line program and the VS Code extension.
// Everything is bundled so the .vsix and `npx` need no node_modules at run time.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { lazyBundles, lazyModules } from './build/lazyModules.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

// Flags: --minify (the default) / --no-minify, --sourcemap for debugging, --if-stale (see below). Source maps
// are off by default: the .vsix, the npm tarball and the image ship the bundles alone, and a
// `//# sourceMappingURL` comment naming a file that is not shipped is a dangling reference. An unknown flag is
// an error, not silently ignored.
const FLAGS = ['--minify', '--no-minify', '--sourcemap', '--if-stale'];
const unknown = process.argv.slice(2).filter((arg) => !FLAGS.includes(arg));
if (unknown.length > 0) {
  console.error(`esbuild.mjs: unknown flag ${unknown.join(' ')}; it takes ${FLAGS.join(', ')}`);
  process.exit(2);
}
const minify = !process.argv.includes('--no-minify');
const sourcemap = process.argv.includes('--sourcemap');

// `npm start` passes --if-stale: build only when dist/cli.js or dist/cli-main.js is missing, or older than what
// it is built from.
// A full build takes 30-50 s on a slow machine; starting a built checkout should take well under a second.
function newestChange(file) {
  const stat = statSync(file);
  return stat.isDirectory() ? Math.max(stat.mtimeMs, ...readdirSync(file).map((entry) => newestChange(`${file}/${entry}`))) : stat.mtimeMs;
}
function cliIsStale() {
  // dist/cli.js is the loader; the program it runs (dist/cli-main.js) must be there too.
  if (!existsSync('dist/cli.js') || !existsSync('dist/cli-main.js')) return true;
  const built = statSync('dist/cli.js').mtimeMs;
  return ['src', 'build', 'package.json', 'package-lock.json', 'esbuild.mjs'].some((input) => existsSync(input) && newestChange(input) > built);
}
if (process.argv.includes('--if-stale') && !cliIsStale()) process.exit(0);

// client-node's index re-exports ~1,000 generated API models we never use (we only need KubeConfig and its
// authenticators). Its package.json does not declare itself free of side effects, so esbuild would keep them
// all; declaring it here lets tree-shaking drop them (the bundle shrinks several-fold, start-up gets faster).
const clientNodeSideEffectFree = {
  name: 'client-node-side-effect-free',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.pluginData === 'skip') return undefined;
      if (args.importer.includes('/@kubernetes/client-node/') || args.path.startsWith('@kubernetes/client-node')) {
        return b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'skip' }).then((r) => (
          r.errors.length ? r : { path: r.path, external: r.external, namespace: r.namespace, sideEffects: r.path.includes('/@kubernetes/client-node/') ? false : r.sideEffects }
        ));
      }
      return undefined;
    });
  },
};
// zod 4 re-exports error messages in about 40 languages (`z.locales`, 265 KB minified); it configures English
// by importing locales/en.js directly and we never switch language, so the index keeps only English.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.c?js$/ }, (args) => ({
      contents: args.path.endsWith('.cjs') ? 'exports.en = require("./en.cjs").default;' : 'export { default as en } from "./en.js";',
      loader: 'js',
    }));
  },
};
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap,
  // Minified by default: a smaller bundle parses faster (start-up to tools/list) and keeps the .vsix small.
  minify,
  logLevel: 'warning',
  define: { __K8S_MCP_VERSION__: JSON.stringify(pkg.version) },
  // client-node pulls optional transports we never use; keep them out of the bundle.
  external: ['bufferutil', 'utf-8-validate'],
  // lazyModules first: it must see client-node's imports before clientNodeSideEffectFree resolves them.
  plugins: [lazyModules, clientNodeSideEffectFree, zodEnglishOnly],
};

// Maps of an earlier --sourcemap build would otherwise linger next to bundles that no longer name them; so
// would lazy bundles no stand-in loads any more.
if (!sourcemap) for (const out of ['dist/cli.js.map', 'dist/cli-main.js.map', 'dist/extension.js.map']) rmSync(out, { force: true });
rmSync('dist/lazy', { recursive: true, force: true });

// The command is a small loader (dist/cli.js) that runs the program (dist/cli-main.js) through a V8 code cache
// (src/cli/compileCacheLoader.ts says why and how).
const builds = [
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli-main.js' }),
  build({ ...common, plugins: [], entryPoints: ['src/cli/compileCacheLoader.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
];
if (existsSync('src/extension/activate.ts')) {
  builds.push(build({ ...common, entryPoints: ['src/extension/activate.ts'], outfile: 'dist/extension.js', external: [...common.external, 'vscode'] }));
}
await Promise.all(builds);
// The packages the main bundles load on first use (build/lazyModules.mjs), each a bundle of its own; both main
// bundles share them. No stand-ins inside: a lazy package loads whole when it is first needed.
await Promise.all([...lazyBundles].map(([name, file]) => build({ ...common, plugins: [clientNodeSideEffectFree], entryPoints: [file], outfile: `dist/lazy/${name}` })));
