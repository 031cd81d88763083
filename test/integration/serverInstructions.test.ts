import * as assert from 'node:assert/strict';
import { ALL_TOOLS } from '../../src/server/tools';
import { startHarness, type McpHarness } from '../support/mcpHarness';

describe('server instructions in initialize', () => {
  let h: McpHarness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  it('reach a real SDK client, under 800 bytes', () => {
    const instructions = h.client.getInstructions();
    assert.ok(instructions, 'the client got no instructions');
    assert.ok(Buffer.byteLength(instructions) < 800, `${Buffer.byteLength(instructions)} bytes`);
    assert.match(instructions, /scan_k8s_collection/);
    assert.match(instructions, /get_k8s_entity/);
  });

  it('name only tools and parameters that exist', () => {
    const instructions = h.client.getInstructions()!;
    const toolNames = new Set(ALL_TOOLS.map((t) => t.name));
    for (const named of instructions.match(/\b[a-z]+_k8s_[a-z]+\b/g) ?? []) assert.ok(toolNames.has(named), named);
    const parameters = new Set(ALL_TOOLS.flatMap((t) => Object.keys(t.inputSchema)));
    for (const param of ['label_filter', 'field_filter', 'limit', 'continue', 'scope', 'sub_path', 'resource_kind', 'api_group', 'context', 'dry_run']) {
      assert.ok(instructions.includes(param), `mentions ${param}`);
      assert.ok(parameters.has(param), `${param} is a real parameter`);
    }
  });
});
