// Two bundles (STYLE.md): the command-line program and the VS Code extension.
// Everything is bundled so the .vsix and `npx` need no node_modules at run time.
import { build } from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  // client-node pulls optional transports we never use; keep them out of the bundle.
  external: ['bufferutil', 'utf-8-validate'],
};

const builds = [
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
];
import { existsSync } from 'node:fs';
if (existsSync('src/extension/activate.ts')) {
  builds.push(build({ ...common, entryPoints: ['src/extension/activate.ts'], outfile: 'dist/extension.js', external: [...common.external, 'vscode'] }));
}
await Promise.all(builds);
if (watch) console.error('watch mode is not supported; run npm run build again');
