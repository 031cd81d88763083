/**
 * The server `instructions` of `initialize` (SPEC §7: under 800 bytes): how to get answers in few, small calls.
 * Clients put this in the model's context once per session, so every byte is paid in every conversation.
 */
export const SERVER_INSTRUCTIONS = [
  'Kubernetes in a few calls:',
  '- Start with scan_k8s_collection: one compact row per object with kubectl\'s columns (Ready, Status, Restarts)',
  'shows what is broken. Narrow with label_filter, field_filter and limit; pass back continue for more.',
  'scope "cluster" on a namespaced resource lists all namespaces.',
  '- Then get_k8s_entity for one object, or pod logs (sub_path "logs") with a small tailLines.',
  '- resource_kind is the plural REST name (pods, deployments); api_group "" is the core group.',
  '- context runs one call against another kubeconfig context without switching.',
  '- Write tools (deploy_k8s_entity, delete_k8s_entity, interact_k8s_endpoint) are listed only when writes are',
  'allowed; use dry_run first. A write the person declined is final: do not retry it.',
].join('\n');
