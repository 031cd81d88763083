/**
 * The opt-in (k8sMcp.updateKubeconfigCurrentContext) rewrite of the kubeconfig's current-context, like
 * `kubectl config use-context`: only that one key changes, comments and layout are kept. Off by default,
 * because switching the agent's cluster must not silently switch the person's kubectl too.
 */
import { promises as fsp } from 'node:fs';
import { parseDocument } from 'yaml';
import { watchedFiles } from './kubeconfigWatcher';
import type { KubeconfigSource } from '../core/client/kubeconfig';

/** Writes `context` as current-context into the file kubectl would change: the first that sets one. */
export async function writeCurrentContext(source: KubeconfigSource, context: string): Promise<string> {
  const files: { file: string; text: string }[] = [];
  for (const file of watchedFiles(source)) {
    const text = await fsp.readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) files.push({ file, text });
  }
  const target = files.find((f) => parseDocument(f.text).get('current-context')) ?? files[0];
  if (!target) throw new Error('No kubeconfig file to update.');
  const doc = parseDocument(target.text);
  if (doc.get('current-context') === context) return target.file;
  doc.set('current-context', context);
  await fsp.writeFile(target.file, doc.toString(), 'utf8');
  return target.file;
}
