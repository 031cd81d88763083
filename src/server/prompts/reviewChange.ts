/**
 * /review-change: check a change before it is applied (read what is there, a server-side dry run, a short
 * report of what would change and what could go wrong), and apply it only when the person agrees.
 */
import { ValidationError } from '../../core/errors';
import { validateNamespace } from '../../core/input/validation';
import { checkedString, completedBy, definePrompt, userMessage } from './promptDefinition';

/** Enough for any manifest an agent should apply in one go (deploy_k8s_entity itself takes up to 1 MiB). */
const MAX_CHANGE_CHARS = 100_000;

function checkChange(value: string): void {
  if (value.trim() === '') throw new ValidationError('change', 'describe the change or paste the manifest (YAML or JSON).');
  if (value.length > MAX_CHANGE_CHARS) throw new ValidationError('change', `is ${value.length} characters; at most ${MAX_CHANGE_CHARS}. Review one object at a time.`);
}

export const reviewChangePrompt = definePrompt({
  name: 'review-change',
  title: 'Review a Kubernetes change before applying it',
  description: 'Dry-run a manifest (or a described change) against the cluster, report what would change and the risks, and apply only after you agree.',
  arguments: (ctx) => ({
    change: checkedString('change', 'The manifest to apply (YAML or JSON), or a description of the change, e.g. "scale web to 3 replicas".', checkChange),
    namespace: completedBy(checkedString('namespace', 'Namespace, when the manifest does not name one.', (v) => validateNamespace(v, 'namespace')).optional(), () => ctx.listNamespaces()),
  }),
  build({ change, namespace }, ctx) {
    const ns = namespace ?? ctx.selectedNamespace();
    const fence = change.includes('```') ? '~~~~' : '```';
    const text = [
      `Review this change for namespace "${ns}" (unless it names another) before anything is applied:`,
      fence, change.trim(), fence,
      '1. If it is a description rather than a manifest, first write the smallest manifest that does it (for an existing object, start from get_k8s_entity) and show it.',
      '2. Read what is there now: get_k8s_entity for the same api_group, api_version, resource_kind, target_ns and entity_name (an error saying it is not found means it would be created).',
      '3. Dry run: deploy_k8s_entity with the manifest as payload_manifest and "dry_run": true. Read its answer: created, changed or unchanged, and what the server filled in; an error names the invalid fields (422) or the fields another manager owns (conflict).',
      '4. Report in a few lines: only the fields that change, and the risks (replicas to 0, an image tag such as latest, removed probes or resource limits, a different namespace, a restart of every pod, data that would be deleted).',
      '5. Apply with the same call without dry_run only after the person says yes. Never set force: true unless they ask to take over fields another manager owns.',
      'deploy_k8s_entity exists only in read-write mode: without it, stop after step 4 and say that writes are off.',
    ].join('\n');
    return userMessage(`Review a change in ${ns}`, text);
  },
});
