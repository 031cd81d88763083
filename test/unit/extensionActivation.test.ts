// How VS Code finds and starts the extension, checked from package.json without VS Code: a wrong activation
// event or a provider id that differs from the contributed one leaves the extension silently asleep.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/repoRoot';

interface ExtensionManifest {
  main: string;
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string }>; views: Record<string, Array<{ id: string }>>; mcpServerDefinitionProviders: Array<{ id: string }>;
  };
}

const root = repoRoot();
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as ExtensionManifest;
const source = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');

/** Activation events VS Code knows, and the contributed ids an event of that kind must name. */
const KNOWN_EVENTS: Record<string, (() => string[]) | undefined> = {
  onStartupFinished: undefined,
  onCommand: () => manifest.contributes.commands.map((c) => c.command),
  onView: () => Object.values(manifest.contributes.views).flat().map((v) => v.id),
  onMcpCollection: () => manifest.contributes.mcpServerDefinitionProviders.map((p) => p.id),
};

describe('extension activation (package.json)', () => {
  it('activates once start-up has finished, so the status bar and the Contexts view are there without a click', () => {
    assert.ok(manifest.activationEvents.includes('onStartupFinished'), `activationEvents: ${JSON.stringify(manifest.activationEvents)}`);
  });

  it('declares only activation events VS Code knows, each naming something the extension contributes', () => {
    for (const event of manifest.activationEvents) {
      const [kind = '', id] = event.split(':');
      assert.ok(kind in KNOWN_EVENTS, `unknown activation event "${event}"`);
      const ids = KNOWN_EVENTS[kind]?.();
      if (ids) assert.ok(id !== undefined && ids.includes(id), `"${event}" names nothing in contributes (${ids.join(', ')})`);
      else assert.equal(id, undefined, `"${event}" takes no id`);
    }
  });

  it('registers its MCP server under the provider id it contributes (VS Code asks that id for servers)', () => {
    const registered = /export const PROVIDER_ID = '([^']+)'/.exec(source('src/extension/mcpRegistration.ts'))?.[1];
    assert.deepEqual(manifest.contributes.mcpServerDefinitionProviders.map((p) => p.id), [registered]);
  });
});
