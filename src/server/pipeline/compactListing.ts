/**
 * One page of a collection as the compact list, for scan_k8s_collection and collection resources alike: the
 * same defaults, the same answer budget, the same continue tokens (a resource's token is one the scan tool
 * takes for the same collection).
 */
import type { AnnotationRules } from '../../core/shaping/annotationTrimmer';
import { validateAnnotationRules } from '../../core/shaping/annotationTrimmer';
import { renderCompactList } from '../../core/shaping/compactTable';
import { expiredContinueError, unwrapContinue, wrapContinue, type ListIdentity } from '../../core/operations/continueToken';
import { listCollection } from '../../core/operations/listCollection';
import { listWithinBudget } from '../../core/operations/listWithinBudget';
import { filterAllowedNamespaces } from '../../core/policy/policyRules';
import { policyScope, type Target } from './resolveTarget';
import type { ToolContext } from '../protocol/toolDefinition';

export const DEFAULT_LIST_LIMIT = 500;
/** Per-item annotation budget applied while the caller keeps the default annotation settings. */
export const DEFAULT_ANNOTATION_BUDGET = 512;

export interface ListingRequest {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  limit?: number | undefined;
  /** The token of a previous answer's header (checked against this collection before any request). */
  continueToken?: string | undefined;
  /** Validated annotation rules; the defaults when absent. */
  annotations?: AnnotationRules | undefined;
  /** The caller kept the default annotation settings, so the per-item annotation budget applies. */
  defaultAnnotations?: boolean | undefined;
  includeIds?: boolean | undefined;
}

export async function listPage(ctx: ToolContext, target: Target, request: ListingRequest): Promise<string> {
  const { client, resolved } = target;
  const selectors = { labelSelector: request.labelSelector || undefined, fieldSelector: request.fieldSelector || undefined };
  const { group, version, plural } = resolved.resource;
  const { context } = target.connection;
  const identity: ListIdentity = { context, group, version, plural, namespace: resolved.namespace, ...selectors };
  // A token from another list is refused here, before the list request.
  const continueToken = request.continueToken ? unwrapContinue(request.continueToken, identity) : undefined;
  const listOptions = {
    annotations: request.annotations ?? validateAnnotationRules({}),
    annotationBudget: request.defaultAnnotations === false ? 0 : DEFAULT_ANNOTATION_BUDGET,
    includeIds: request.includeIds ?? false,
    namespace: resolved.namespace,
    // A Secret's last-applied annotation holds its data in clear: mask it like the values themselves.
    maskLastApplied: !ctx.options.allowSecretValues && group === '' && plural === 'secrets',
  };
  // An all-namespaces list leaves out what allowedNamespaces does not allow, and says so in its header.
  const policy = ctx.options.policy;
  const filtered = policyScope(resolved).kind === 'all-namespaces' && policy.allowedNamespaces.length > 0;
  const { text } = await listWithinBudget({
    limit: request.limit ?? DEFAULT_LIST_LIMIT,
    budgetBytes: ctx.options.maxAnswerBytes,
    fetch: async (pageLimit) => {
      try {
        const { list } = await listCollection(client, resolved, { ...selectors, limit: pageLimit, continueToken }, listOptions, ctx.signal);
        if (!filtered) return list;
        const { items, note } = filterAllowedNamespaces(policy, list.items, (item) => item.namespace);
        return { ...list, items, note };
      } catch (err) {
        throw expiredContinueError(err);
      }
    },
    render: (list) => {
      const continueToken = list.continue && wrapContinue(list.continue, identity);
      return renderCompactList(list, { now: Date.now(), continueToken, note: list.note });
    },
  });
  return text;
}
