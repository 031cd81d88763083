/** deploy_k8s_entity: create or update one object with server-side apply. */
import { z } from 'zod';
import { prepareManifest, parseManifestPayload } from '../../core/input/manifest';
import { assertNoCredentialCreation } from '../../core/operations/postSubresource';
import { describeAddress } from '../../core/input/resourceAddress';
import { fitObjectToBudget } from '../../core/shaping/objectBudget';
import { serverSideApply, type ApplyOutcome } from '../../core/operations/serverSideApply';
import { textResult } from '../pipeline/errorResult';
import { resolveTarget } from '../pipeline/resolveTarget';
import { maskObject, writeRequest } from '../writes/writeRequest';
import { addressShape, defineTool } from '../protocol/toolDefinition';

const SUMMARY: Record<ApplyOutcome, [string, string]> = {
  created: ['Created', 'would be created'],
  changed: ['Updated', 'would be updated'],
  unchanged: ['Unchanged (the manifest matches what is stored):', 'would be unchanged'],
};

/** metadata.name as the manifest gives it (prepareManifest checks it), for the policy check before any request. */
function manifestName(manifest: Record<string, unknown>): string | undefined {
  const metadata = manifest.metadata;
  const name = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>).name : undefined;
  return typeof name === 'string' ? name : undefined;
}

export const deployEntityTool = defineTool({
  name: 'deploy_k8s_entity',
  title: 'Create or update a Kubernetes object (server-side apply)',
  description: [
    'Create or update one Kubernetes object from a manifest with server-side apply (field manager "k8s-mcp-interface").',
    'payload_manifest: the object (or a YAML/JSON string of exactly one document); its apiVersion and kind must match',
    'api_group/api_version/resource_kind, its namespace must equal target_ns (filled in when missing); status and',
    'managedFields are ignored. Only the fields you send are owned by this manager: send the full desired state of',
    'those fields. dry_run: true shows what would be stored without changing anything. A conflict with another field',
    'manager is an error naming the fields; force: true takes them over. Returns created/updated/unchanged and the',
    'stored object (Secret values masked; its longest values shortened when it exceeds the answer budget, saying so).',
  ].join(' '),
  inputSchema: {
    ...addressShape,
    // Any JSON is accepted here so that a list or a number gets our explanation, not a bare schema error; the
    // refinement only makes the schema say "required" (clients fill required parameters first). The published
    // schema says object or string, as two typed branches: Gemini CLI drops a tool with an untyped parameter,
    // and Gemini refuses a type list.
    payload_manifest: z.unknown().refine((v) => v !== undefined, { message: 'payload_manifest is required: the manifest to apply.' })
      .meta({
        anyOf: [{ type: 'object' }, { type: 'string' }],
        description: 'Required. The manifest: an object, or a YAML/JSON string holding one document. Example: {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"a":"1"}}.',
      }),
    entity_name: z.string().optional().describe('Optional: the object name; must equal metadata.name when given.'),
    force: z.boolean().optional().describe('Take ownership of fields another field manager owns (default false: such conflicts are errors).'),
    dry_run: z.boolean().optional().describe('Only show what would be stored (server-side dry run); default false.'),
  },
  category: 'write',
  idempotent: true,
  async handler(args, ctx) {
    // Everything that can be checked locally is checked before any request (even discovery).
    const parsed = parseManifestPayload(args.payload_manifest);
    const force = args.force === true;
    const dryRun = args.dry_run === true;
    const found = await resolveTarget(ctx, args, 'create-or-apply', { name: manifestName(parsed) });
    const { client, resolved } = found;
    const r = resolved.resource;
    const { object: manifest, name } = prepareManifest(parsed, {
      group: r.group, version: r.version, kind: r.kind, namespaced: r.namespaced, namespace: resolved.namespace, name: resolved.name,
    });
    assertNoCredentialCreation(r, undefined, manifest, ctx.options.allowCredentialCreation);
    const target = { ...resolved, name };
    const mask = maskObject(ctx.options);

    if (!dryRun) {
      const detail = force ? 'server-side apply with force (takes over conflicting fields)' : 'server-side apply';
      await ctx.confirmWrite(writeRequest(found, name, 'apply', detail, async () => {
        const dry = await serverSideApply(client, target, manifest, { force, dryRun: true, signal: ctx.signal });
        return { live: mask(dry.previous), result: mask(dry.object) };
      }));
    }
    const applied = await serverSideApply(client, target, manifest, { force, dryRun, signal: ctx.signal });
    const [done, would] = SUMMARY[applied.outcome];
    const what = describeAddress(target);
    const headline = dryRun ? `Dry run: ${what} ${would}; nothing was changed.` : `${done} ${what}.`;
    // The echo is held to the answer budget like a get: a client that keeps only the first ~12 KB of a result
    // would otherwise cut a large applied ConfigMap mid-JSON.
    const headlineBytes = Buffer.byteLength(headline, 'utf8') + 1;
    return textResult(`${headline}\n${fitObjectToBudget(mask(applied.object), ctx.options.maxAnswerBytes, headlineBytes)}`);
  },
});
