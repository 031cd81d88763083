// Loads the recorded real exchanges and PKI from test/fixtures at run time. The repository root is found
// by walking up from this file (it runs compiled from out/test/fake-apiserver), so fixtures are read from
// the sources, never copied into out/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KObject } from './types';

let cachedRoot: string | undefined;

/** The nearest ancestor of this file's directory that holds a package.json. */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return (cachedRoot = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
}

export function fixturePath(...parts: string[]): string {
  return path.join(repoRoot(), 'test', 'fixtures', ...parts);
}

export interface Recording {
  request: {
    method: string; path: string; query: Record<string, string | string[]>; user: string; headers: Record<string, string>; body?: unknown;
    protocols?: string[];
  };
  response: {
    status: number; headers: Record<string, string>; body?: KObject | string; bodyText?: string; events?: KObject[]; protocol?: string;
    closeCode?: number; frames?: unknown[][];
  };
}

const recordings = new Map<string, Recording>();

/** A recorded exchange by file name, e.g. `011-get-deployment-not-found.json` (parsed once, then shared). */
export function loadRecording(file: string): Recording {
  let rec = recordings.get(file);
  if (!rec) {
    rec = JSON.parse(fs.readFileSync(fixturePath('recorded', file), 'utf8')) as Recording;
    recordings.set(file, rec);
  }
  return rec;
}

/** A fresh copy of a recorded JSON response body, safe to modify. */
export function recordedBody(file: string): KObject {
  const body = loadRecording(file).response.body;
  if (!body || typeof body !== 'object') throw new Error(`${file} has no JSON body`);
  return structuredClone(body);
}
