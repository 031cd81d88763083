/** scan_k8s_collection: a compact listing with kubectl's printer columns and trimmed annotations. */
import { z } from 'zod';
import { validateAnnotationRules } from '../../core/shaping/annotationTrimmer';
import { validateContinueFormat } from '../../core/operations/continueToken';
import { ValidationError } from '../../core/errors';
import { validateFieldSelector } from '../../core/input/fieldSelector';
import { validateLabelSelector } from '../../core/input/labelSelector';
import { DEFAULT_LIST_LIMIT, listPage } from '../pipeline/compactListing';
import { textResult } from '../pipeline/errorResult';
import { resolveTarget } from '../pipeline/resolveTarget';
import { addressShape, defineTool } from '../protocol/toolDefinition';

const MAX_LIMIT = 5000;
/** Continue tokens are base64 of a resource version and a key: far shorter than this (and than URL limits). */
const MAX_CONTINUE_CHARS = 4096;

export const scanCollectionTool = defineTool({
  name: 'scan_k8s_collection',
  title: 'List Kubernetes objects',
  description: [
    'List a collection compactly. The answer is a JSON header line, then one JSON array per item in the order of the',
    'header\'s "columns": name, kubectl\'s own columns (a pod\'s Ready/Status/Restarts, a deployment\'s Ready/Up-to-date,',
    'a node\'s Status/Roles), age, then labels and annotations: a key every item has is a column ("label:app"), one',
    'every item has with the same value is said once in the header\'s "shared", the rest stay in a per-row object.',
    'Answers are kept under a size budget: when the header has "continue", more items exist ("remaining" says how many',
    'when known); repeat the call with continue set to it. Filter with label_filter ("app=web,tier!=db") and field_filter',
    '("status.phase!=Running"). Annotations: last-applied-configuration is always dropped; long values are cut;',
    'detail_annotations false drops all; include_only_annotation_keys selects keys ("example.com/*"). scope "cluster"',
    'on a namespaced resource lists all namespaces.',
    'Example: {"scope":"namespaced","api_version":"v1","resource_kind":"pods","target_ns":"default"}.',
  ].join(' '),
  inputSchema: {
    ...addressShape,
    label_filter: z.string().optional().describe('Label selector, e.g. "app=web,env in (prod,staging)".'),
    field_filter: z.string().optional().describe('Field selector, e.g. "status.phase=Running" or "spec.nodeName=node-1".'),
    limit: z.number().int().optional().describe('Maximum items per page (default 500); a page also stops early at the answer budget.'),
    continue: z.string().optional().describe('The "continue" value of the previous answer\'s header, with the other arguments unchanged.'),
    detail_annotations: z.boolean().optional().describe('false drops all annotations (default true).'),
    omit_annotation_keys: z.array(z.string()).optional().describe('Annotation keys to drop; a trailing * matches a prefix.'),
    include_only_annotation_keys: z.array(z.string()).optional()
      .describe('When non-empty, keep only these annotation keys (never cut); every other annotation rule is ignored.'),
    max_annotation_length: z.number().int().optional().describe('Cut annotation values longer than this many bytes (default 512; 0 = no limit).'),
    include_ids: z.boolean().optional().describe('Add uid and resourceVersion to each item (default false).'),
  },
  category: 'read',
  idempotent: true,
  async handler(args, ctx) {
    if (args.label_filter) validateLabelSelector(args.label_filter);
    if (args.field_filter) validateFieldSelector(args.field_filter);
    const limit = args.limit ?? DEFAULT_LIST_LIMIT;
    if (limit < 1 || limit > MAX_LIMIT) throw new ValidationError('limit', `${limit} is out of range: use 1..${MAX_LIMIT}.`);
    if (args.continue !== undefined && args.continue.length > MAX_CONTINUE_CHARS) {
      throw new ValidationError('continue', 'pass the token exactly as the previous answer returned it.');
    }
    if (args.continue) validateContinueFormat(args.continue);
    const rules = validateAnnotationRules({
      detailAnnotations: args.detail_annotations,
      omitKeys: args.omit_annotation_keys,
      includeOnlyKeys: args.include_only_annotation_keys,
      maxLength: args.max_annotation_length,
    });
    const defaultAnnotations = args.max_annotation_length === undefined && rules.includeOnlyKeys.length === 0;
    const target = await resolveTarget(ctx, args, 'list');
    const text = await listPage(ctx, target, {
      labelSelector: args.label_filter, fieldSelector: args.field_filter, limit, continueToken: args.continue,
      annotations: rules, defaultAnnotations, includeIds: args.include_ids,
    });
    return textResult(text);
  },
});
