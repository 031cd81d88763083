/** `~` and `~/…` in paths people type (settings, config files), expanded the way a shell would. */
import * as os from 'node:os';
import * as path from 'node:path';

export function expandHome(p: string, home: string = os.homedir()): string {
  if (p === '~') return home;
  return p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
}
