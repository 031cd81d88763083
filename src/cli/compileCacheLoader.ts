/**
 * dist/cli.js, the command's entry point: it runs the program (dist/cli-main.js, built from main.ts) through a
 * V8 code cache, as Node 22's `module.enableCompileCache` does (Node 20 has none). Compiling the bundle was about
 * a quarter of the time from spawn to the `tools/list` answer; with the cache V8 takes the bytecode of every
 * function start-up ran instead of parsing and compiling them again (README "Measured").
 *
 * The cache is one file per program version, Node version and CPU architecture, in the directory
 * K8S_MCP_COMPILE_CACHE names (`0` turns the cache off) or in ${XDG_CACHE_HOME:-~/.cache}/k8s-mcp-interface.
 * Its header names the bundle by a SHA-256 of its text (V8 itself checks only the text's length) and holds a
 * SHA-256 of the cache data (release builds of V8 do not check the data, and corrupt data could crash it). The
 * file is written when there was none, or a stale, corrupt or rejected one, once start-up is over: it then holds
 * every function compiled so far. Any failure to read or write it (no home, a read-only file system) is
 * ignored and the program starts as it would without it. NODE_DEBUG=k8s-mcp-compile-cache says what happened.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { debuglog } from 'node:util';
import * as vm from 'node:vm';
import { VERSION } from '../server/version';

const PROGRAM = path.join(__dirname, 'cli-main.js');
/** Long enough for a client that asks at once to have its `tools/list` answered; the timer does not keep the process alive. */
const WRITE_AFTER_MS = 1000;
const HEADER_MAGIC = 'k8s-mcp-interface-v8-code-cache';
/** A header is one short line; anything longer is not ours. */
const HEADER_MAX_BYTES = 200;

const debug = debuglog('k8s-mcp-compile-cache');

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Where the cache lives, or undefined when it is turned off or there is no cache directory. */
function compileCacheFile(env: NodeJS.ProcessEnv): string | undefined {
  const setting = env.K8S_MCP_COMPILE_CACHE;
  if (setting === '0') {
    debug('off: K8S_MCP_COMPILE_CACHE=0');
    return undefined;
  }
  let dir: string;
  if (setting && setting !== '1') {
    dir = path.resolve(setting);
  } else {
    const xdg = env.XDG_CACHE_HOME;
    // The XDG spec: a relative XDG_CACHE_HOME is invalid and ignored. os.homedir() throws when there is no home.
    const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
    dir = path.join(base, 'k8s-mcp-interface');
  }
  return path.join(dir, `${VERSION}-node${process.versions.node}-${process.arch}.v8cache`);
}

/** The cache data for this bundle, or undefined (with the reason in the debug log). */
function readCache(file: string, bundleHash: string): Buffer | undefined {
  let content: Buffer;
  try {
    content = fs.readFileSync(file);
  } catch (err) {
    debug('none at %s (%s)', file, (err as NodeJS.ErrnoException).code);
    return undefined;
  }
  const end = content.subarray(0, HEADER_MAX_BYTES).indexOf(0x0a);
  const [magic, forBundle, dataHash] = content.subarray(0, Math.max(end, 0)).toString('latin1').split(' ');
  const data = content.subarray(end + 1);
  if (end < 0 || magic !== HEADER_MAGIC || dataHash !== sha256(data)) {
    debug('corrupt: %s', file);
    return undefined;
  }
  if (forBundle !== bundleHash) {
    debug('stale (another build of the program): %s', file);
    return undefined;
  }
  return data;
}

function writeCache(file: string, bundleHash: string, script: vm.Script): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, Buffer.concat([Buffer.from(`${HEADER_MAGIC} ${bundleHash} ${sha256(data)}\n`, 'latin1'), data]));
    // A reader sees the old file or the new one whole, never half of one.
    fs.renameSync(temp, file);
    debug('written: %s (%d bytes)', file, data.length);
  } catch (err) {
    debug('not written: %s', (err as Error).message);
    fs.rm(temp, { force: true }, () => undefined);
  }
}

/** Compiles the program, with the cache when there is a good one, and schedules writing a new one when not. */
function compileProgram(bundle: Buffer, file: string): vm.Script {
  const bundleHash = sha256(bundle);
  // esbuild escapes everything outside ASCII, and V8 takes a one-byte string faster: latin1 reads it as is.
  const source = bundle.toString(isAscii(bundle) ? 'latin1' : 'utf8');
  const cachedData = readCache(file, bundleHash);
  // The wrapper's first line is line 0, so that stack traces give the bundle's own lines and columns.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
    filename: PROGRAM,
    lineOffset: -1,
    cachedData,
  });
  if (cachedData) debug(script.cachedDataRejected === true ? 'rejected by V8: %s' : 'used: %s', file);
  if (cachedData === undefined || script.cachedDataRejected === true) {
    setTimeout(() => writeCache(file, bundleHash, script), WRITE_AFTER_MS).unref();
  }
  return script;
}

function runProgram(): void {
  let file: string | undefined;
  try {
    file = compileCacheFile(process.env);
  } catch (err) {
    debug('off: %s', (err as Error).message);
  }
  if (file === undefined) {
    // Without a cache Node loads the program as any module: nothing over running it as the entry.
    module.require(PROGRAM);
    return;
  }
  const program = compileProgram(fs.readFileSync(PROGRAM), file);
  // This module's own require and module: dist/cli-main.js sits next to dist/cli.js, so its relative requires
  // (dist/lazy/*) resolve as before, and `require.main === module` holds as it did when it was the entry.
  (program.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, PROGRAM, __dirname);
}

runProgram();
