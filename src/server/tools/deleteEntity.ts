/** delete_k8s_entity: delete one object, with propagation policy, grace period and dry run. */
import { z } from 'zod';
import { deleteObject } from '../../core/operations/deleteObject';
import { ValidationError } from '../../core/errors';
import { describeAddress } from '../../core/input/resourceAddress';
import { getLive } from '../../core/operations/serverSideApply';
import { textResult } from '../pipeline/errorResult';
import { resolveTarget } from '../pipeline/resolveTarget';
import { maskObject, writeRequest } from '../writes/writeRequest';
import { addressShape, defineTool } from '../protocol/toolDefinition';

/** A week: longer grace periods are almost certainly a unit mistake (ms for s). */
const MAX_GRACE_SECONDS = 7 * 24 * 3600;

export const deleteEntityTool = defineTool({
  name: 'delete_k8s_entity',
  title: 'Delete a Kubernetes object',
  description: [
    'Delete one Kubernetes object by name. propagation_policy: "Background" (default for most kinds: dependents such',
    'as a Deployment\'s ReplicaSets and Pods are deleted afterwards), "Foreground" (the object stays until its dependents',
    'are gone), "Orphan" (dependents are kept). grace_period_seconds: 0 deletes pods immediately. dry_run: true checks',
    'the deletion (permissions, existence) without deleting.',
  ].join(' '),
  inputSchema: {
    ...addressShape,
    entity_name: z.string().describe('Name of the object to delete.'),
    propagation_policy: z.enum(['Foreground', 'Background', 'Orphan']).optional()
      .describe('What happens to dependents: Foreground, Background or Orphan.'),
    grace_period_seconds: z.number().optional().describe('Seconds before the object is removed (pods: time to shut down); 0 = immediately.'),
    dry_run: z.boolean().optional().describe('Only check the deletion (server-side dry run); default false.'),
  },
  category: 'write',
  idempotent: true,
  async handler(args, ctx) {
    const grace = args.grace_period_seconds;
    if (grace !== undefined && (!Number.isInteger(grace) || grace < 0 || grace > MAX_GRACE_SECONDS)) {
      throw new ValidationError('grace_period_seconds', `must be a whole number of seconds from 0 to ${MAX_GRACE_SECONDS}, got ${grace}.`);
    }
    const dryRun = args.dry_run === true;
    const policy = args.propagation_policy;
    const target = await resolveTarget(ctx, args, 'delete');
    const { client, resolved } = target;
    const mask = maskObject(ctx.options);
    const options = { propagationPolicy: policy, gracePeriodSeconds: grace, signal: ctx.signal };
    const details = [policy ? `propagation ${policy}` : '', grace !== undefined ? `grace period ${grace} s` : ''].filter(Boolean).join(', ');

    if (!dryRun) {
      await ctx.confirmWrite(writeRequest(target, args.entity_name, 'delete', details || undefined, async () => {
        const live = await getLive(client, resolved, ctx.signal);
        // The dry run proves the delete would be allowed (RBAC, admission) without doing it.
        if (live !== null) await deleteObject(client, resolved, { ...options, dryRun: true });
        return { live: mask(live), result: null };
      }));
    }
    const deleted = await deleteObject(client, resolved, { ...options, dryRun });
    const what = describeAddress(resolved);
    let headline: string;
    if (dryRun) headline = `Dry run: ${what} would be deleted${details ? ` (${details})` : ''}; nothing was changed.`;
    else if (deleted.pending && deleted.finalizers.length) headline = `Deletion of ${what} started; it stays until its finalizers are done (${deleted.finalizers.join(', ')}).`;
    else if (deleted.pending) headline = `Deletion of ${what} started; it is terminating${deleted.gracePeriodSeconds ? ` (grace period ${deleted.gracePeriodSeconds} s)` : ''}.`;
    else headline = `Deleted ${what}${details ? ` (${details})` : ''}.`;
    return textResult(`${headline}\n${JSON.stringify(mask(deleted.response))}`);
  },
});
