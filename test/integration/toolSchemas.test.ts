// The input schemas of tools/list stay within what every MCP client takes: the OpenAPI 3.0 subset of Gemini's
// function declarations (Gemini refuses type lists and propertyNames; Gemini CLI drops a tool with an untyped
// parameter and refuses "type" beside "anyOf"; one agent CLI warns on every type list).
import * as assert from 'node:assert/strict';
import { startFakeApiServer, type FakeApiServer } from '../fake-apiserver/index';
import { startWriteHarness, type McpHarness } from '../support/mcpHarness';

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object']);
/** Schema keywords of the subset (Gemini's Schema object), plus additionalProperties: false. */
const KEYWORDS = new Set([
  'type', 'description', 'title', 'enum', 'format', 'nullable', 'default', 'properties', 'required', 'items', 'anyOf',
  'minimum', 'maximum', 'minItems', 'maxItems', 'minLength', 'maxLength', 'pattern', 'additionalProperties',
]);

type Schema = Record<string, unknown>;

/** Every way `schema` (at `where`) leaves the subset. */
function subsetViolations(schema: Schema, where: string): string[] {
  const found: string[] = [];
  for (const key of Object.keys(schema)) if (!KEYWORDS.has(key)) found.push(`${where}: keyword "${key}" is outside the subset`);
  const { type, anyOf, properties, items, required, additionalProperties } = schema;
  if (Array.isArray(anyOf)) {
    if (type !== undefined) found.push(`${where}: "type" beside "anyOf"`);
    anyOf.forEach((branch: Schema, i) => {
      if (typeof branch.type !== 'string') found.push(`${where}.anyOf[${i}]: a branch without a single type`);
      found.push(...subsetViolations(branch, `${where}.anyOf[${i}]`));
    });
  } else if (typeof type !== 'string' || !TYPES.has(type)) {
    found.push(`${where}: type ${JSON.stringify(type)} is not one of ${[...TYPES].join(', ')}`);
  }
  if (additionalProperties !== undefined && additionalProperties !== false) found.push(`${where}: additionalProperties other than false`);
  if (type === 'array') {
    if (typeof items !== 'object' || items === null) found.push(`${where}: an array without items`);
    else found.push(...subsetViolations(items as Schema, `${where}[]`));
  }
  if (properties !== undefined) {
    for (const [name, child] of Object.entries(properties as Record<string, Schema>)) found.push(...subsetViolations(child, `${where}.${name}`));
    for (const name of (required as string[] | undefined) ?? []) if (!(name in (properties as Schema))) found.push(`${where}: required "${name}" is not a property`);
  }
  if (schema.enum !== undefined && !(Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string'))) found.push(`${where}: enum of non-strings`);
  return found;
}

describe('published tool schemas', function () {
  let fake: FakeApiServer;
  let h: McpHarness;
  before(async () => {
    fake = await startFakeApiServer({ seed: 'sample' });
    h = await startWriteHarness(fake);
  });
  after(async () => {
    await h.close();
    await fake.close();
  });

  it('stay within the Gemini/OpenAPI 3.0 subset for every tool in read-write mode', async () => {
    const { tools } = await h.client.listTools();
    assert.deepEqual(tools.map((t) => t.name), ['get_k8s_entity', 'scan_k8s_collection', 'deploy_k8s_entity', 'delete_k8s_entity', 'interact_k8s_endpoint']);
    for (const tool of tools) {
      const schema = tool.inputSchema as Schema;
      assert.equal(schema.type, 'object');
      assert.equal(schema.additionalProperties, false, `${tool.name} must say it takes no other parameters`);
      assert.deepEqual(subsetViolations(schema, tool.name), []);
      const text = JSON.stringify(schema);
      assert.doesNotMatch(text, /"type":\[/, `${tool.name} has a type list`);
      assert.doesNotMatch(text, /propertyNames|\$schema|\$ref/, `${tool.name} has a keyword outside the subset`);
    }
  });

  it('hint each tool read-only or destructive as it reads or writes, with its own title', async () => {
    const { tools } = await h.client.listTools();
    const hints = Object.fromEntries(tools.map((t) => [t.name, t.annotations]));
    for (const name of ['get_k8s_entity', 'scan_k8s_collection']) {
      assert.deepEqual([hints[name]?.readOnlyHint, hints[name]?.destructiveHint, hints[name]?.idempotentHint], [true, false, true], name);
    }
    for (const name of ['deploy_k8s_entity', 'delete_k8s_entity']) {
      assert.deepEqual([hints[name]?.readOnlyHint, hints[name]?.destructiveHint, hints[name]?.idempotentHint], [false, true, true], name);
    }
    // Running a command twice is running it twice.
    assert.equal(hints.interact_k8s_endpoint?.idempotentHint, false);
    for (const tool of tools) {
      assert.equal(tool.annotations?.title, tool.title, tool.name);
      assert.equal(tool.annotations?.openWorldHint, false, tool.name);
    }
  });

  it('the checker itself catches what zod would publish unaltered', () => {
    const zodStyle: Schema = {
      $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', additionalProperties: false,
      properties: { q: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: { type: ['string', 'number'] } }, m: { type: ['object', 'string'] }, a: { type: 'array' } },
    };
    const found = subsetViolations(zodStyle, 't').join('\n');
    for (const problem of ['keyword "$schema"', 'keyword "propertyNames"', 'additionalProperties other than false', 't.m: type ["object","string"]', 't.a: an array without items']) {
      assert.ok(found.includes(problem), `${problem} not found in:\n${found}`);
    }
  });
});
