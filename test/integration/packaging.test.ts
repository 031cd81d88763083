/**
 * What we hand out: the npm tarball (installed for real into a scratch prefix and run) and the .vsix's file
 * list as vsce collects it. `.ci/run` also builds the .vsix itself in a terminal with stdin closed, which
 * proves `npm run package` asks nothing.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../support/repoRoot';

const run = promisify(execFile);
const root = repoRoot();
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string; version: string; bin: Record<string, string>; dependencies?: Record<string, string>; scripts: Record<string, string>;
};

/** npm run from `npm test` passes its own npm_* settings down; a child npm must not inherit them (prefix, scripts). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

async function npm(args: string[], cwd = root): Promise<string> {
  return (await run('npm', args, { cwd, env: cleanEnv(), maxBuffer: 16 * 1024 * 1024 })).stdout;
}

/** Every `//# sourceMappingURL=` of the shipped scripts names a shipped file. */
function danglingSourceMaps(shipped: readonly string[]): string[] {
  return shipped.filter((file) => file.endsWith('.js')).flatMap((file) => {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    return [...text.matchAll(/\/\/# sourceMappingURL=(\S+)/g)]
      .map((m) => m[1]!)
      .filter((url) => !url.startsWith('data:')) // an inline map dangles nowhere
      .map((url) => path.posix.join(path.posix.dirname(file), url))
      .filter((target) => !shipped.includes(target))
      .map((target) => `${file} → ${target}`);
  });
}

/** The dist/lazy/ bundles a main bundle loads on first use (build/lazyModules.mjs), as paths from the root. */
function lazyBundlesNamedBy(bundle: string): string[] {
  const text = fs.readFileSync(path.join(root, bundle), 'utf8');
  return [...new Set([...text.matchAll(/require\("\.\/(lazy\/[^"]+)"\)/g)].map((m) => `dist/${m[1]!}`))].sort();
}

describe('packaging', function () {
  this.timeout(90_000);

  describe('npm pack', () => {
    let scratch: string;
    let packed: { filename: string; files: Array<{ path: string }> };
    before(async () => {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-pack-'));
      // npm test has just built dist/; prepack (the build) is checked below rather than run again.
      [packed] = JSON.parse(await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', scratch])) as [typeof packed];
    });
    after(() => fs.rmSync(scratch, { recursive: true, force: true }));

    it('ships the CLI (the loader the bin runs and its bundle), the packages it loads on first use, README, LICENSE and CHANGELOG, and nothing else', () => {
      const files = packed.files.map((f) => f.path).sort();
      const lazy = lazyBundlesNamedBy('dist/cli-main.js');
      assert.ok(lazy.includes('dist/lazy/iconv-lite-lib-index.js'), `the CLI bundle loads its rarely used packages from dist/lazy/: ${lazy.join(', ')}`);
      assert.deepEqual(files, ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli-main.js', 'dist/cli.js', ...lazy, 'package.json'].sort());
      assert.deepEqual(Object.values(pkg.bin), ['dist/cli.js']);
      assert.deepEqual(danglingSourceMaps(files), []);
      // Everything is bundled: installing the tarball must not fetch the libraries the bundle already holds.
      assert.equal(pkg.dependencies, undefined, 'run-time libraries are bundled: keep them in devDependencies');
      assert.match(pkg.scripts.prepack ?? '', /esbuild\.mjs/, 'npm pack builds the bundle first');
    });

    it('gives a tarball that installs globally, offline, and whose command runs', async () => {
      const prefix = path.join(scratch, 'prefix');
      await npm(['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, path.join(scratch, packed.filename)], scratch);
      const help = await run(path.join(prefix, 'bin', 'k8s-mcp-interface'), ['--help'], { cwd: scratch, env: cleanEnv() });
      assert.match(help.stdout, /^k8s-mcp-interface \d+\.\d+\.\d+: a Model Context Protocol server for Kubernetes/);
      assert.match(help.stdout, /--transport/);
    });
  });

  describe('.vsix', () => {
    let shipped: string[];
    before(async () => {
      const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
      const listed = await run(vsce, ['ls', '--no-dependencies'], { cwd: root, env: cleanEnv() });
      shipped = listed.stdout.split('\n').map((line) => line.trim()).filter(Boolean).sort();
    });

    it('carries the extension bundle with the packages it loads on first use, media, manifest and docs; not the CLI bundle, not source maps', () => {
      // dist/lazy/ is shared by both bundles: the .vsix may carry one only the CLI loads (prom-client), small.
      for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/extension.js', ...lazyBundlesNamedBy('dist/extension.js'), 'media/icon.png', 'media/activity-bar.svg']) {
        assert.ok(shipped.includes(file), `${file} is missing from the .vsix: ${shipped.join(', ')}`);
      }
      const unexpected = shipped.filter((file) => !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/extension\.js|dist\/lazy\/.+\.js|media\/.+\.(png|svg))$/.test(file));
      assert.deepEqual(unexpected, [], 'only the extension bundle, media and docs belong in the .vsix (dist/cli.js ships in the npm tarball)');
      assert.deepEqual(danglingSourceMaps(shipped), []);
    });

    it("carries exactly the pictures the README shows, so they resolve in VS Code's extension page offline", () => {
      const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
      const pictures = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]!).filter((link) => !/^[a-z]+:/i.test(link));
      assert.ok(pictures.length > 0);
      const missing = pictures.filter((picture) => !shipped.includes(picture));
      assert.deepEqual(missing, [], 'add them to .vscodeignore (the package script keeps relative links)');
      const unused = shipped.filter((file) => file.startsWith('media/screenshots/') && !pictures.includes(file));
      assert.deepEqual(unused, [], 'screenshots the README does not show only make the .vsix bigger');
      assert.match(pkg.scripts.package ?? '', /--no-rewrite-relative-links/);
    });
  });
});
