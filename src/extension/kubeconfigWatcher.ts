/**
 * Follows the kubeconfig files on disk (kubectl config use-context, a cloud CLI adding a cluster, an editor
 * saving) so the tree and the server see the change without a restart. Watches the parent folders, because
 * tools replace the file atomically (rename), which a watch on the file itself would miss.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { KubeconfigSource } from '../core/client/kubeconfig';

/** Editors and kubectl write in several steps; one reload after the burst. */
const DEBOUNCE_MS = 300;

/** Every file that may hold the kubeconfig for this source, existing or not (a missing one may appear). */
export function watchedFiles(source: KubeconfigSource): string[] {
  if (source.explicitPath) return [path.resolve(source.explicitPath)];
  if (source.kubeconfigEnv) return source.kubeconfigEnv.split(path.delimiter).filter(Boolean).map((f) => path.resolve(f));
  return [path.join(source.home ?? os.homedir(), '.kube', 'config')];
}

export class KubeconfigWatcher implements vscode.Disposable {
  private watchers: fs.FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly onChange: () => void) {}

  /** (Re)starts watching the files of `source`. */
  watch(source: KubeconfigSource): void {
    this.close();
    const byDir = new Map<string, Set<string>>();
    for (const file of watchedFiles(source)) {
      const dir = path.dirname(file);
      if (!byDir.has(dir)) byDir.set(dir, new Set());
      byDir.get(dir)!.add(path.basename(file));
    }
    for (const [dir, names] of byDir) {
      try {
        const watcher = fs.watch(dir, { persistent: false }, (_event, filename) => {
          if (!filename || names.has(filename.toString())) this.schedule();
        });
        watcher.on('error', () => watcher.close()); // the folder went away: nothing left to follow
        this.watchers.push(watcher);
      } catch {
        // The folder does not exist (no ~/.kube yet): the Refresh action still re-reads on demand.
      }
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.onChange, DEBOUNCE_MS);
  }

  private close(): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.close();
  }
}
