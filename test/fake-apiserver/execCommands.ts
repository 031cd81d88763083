// The simulated container's commands. Nothing is ever executed on the host: a small table of fake programs
// (echo, sh -c with exit codes and >&2, cat, env, ls, sleep, ...) plus test helpers that produce large
// output under backpressure (yes-bytes, stderr-bytes) and a failing command (fail). Anything else is
// "executable file not found", as the container runtime reports it (072).
import type { KObject } from './types';

export interface ExecIO {
  stdout(data: string | Buffer): Promise<void>;
  stderr(data: string | Buffer): Promise<void>;
  /** Next stdin chunk; null once stdin is closed (v5 close signal, or the client went away). */
  readStdin(): Promise<Buffer | null>;
  /** True once the client has gone; long-running commands stop. */
  cancelled(): boolean;
  /** Waits, ending early when the client goes away. */
  sleep(ms: number): Promise<void>;
}

export interface ExecEnv {
  pod: KObject;
  container: string;
}

export type ExecOutcome = { exitCode: number } | { notFound: string };

const CHUNK = 64 * 1024;
const Y_CHUNK = Buffer.from('y\n'.repeat(CHUNK / 2));
const E_CHUNK = Buffer.from('e\n'.repeat(CHUNK / 2));

async function emitBytes(total: number, chunk: Buffer, write: (b: Buffer) => Promise<void>, io: ExecIO): Promise<void> {
  let left = total;
  while (left > 0 && !io.cancelled()) {
    const n = Math.min(left, chunk.length);
    await write(n === chunk.length ? chunk : chunk.subarray(0, n));
    left -= n;
  }
}

function containerEnv(env: ExecEnv): string {
  const container = ((env.pod.spec?.containers ?? []) as KObject[]).find((c) => c.name === env.container) ?? {};
  const lines = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `HOSTNAME=${env.pod.metadata?.name}`];
  for (const e of (container.env ?? []) as KObject[]) if (typeof e.value === 'string') lines.push(`${e.name}=${e.value}`);
  lines.push(
    'KUBERNETES_SERVICE_HOST=10.43.0.1',
    'KUBERNETES_SERVICE_PORT=443',
    'KUBERNETES_SERVICE_PORT_HTTPS=443',
    'KUBERNETES_PORT=tcp://10.43.0.1:443',
    'HOME=/root',
  );
  return `${lines.join('\n')}\n`;
}

/** Splits a shell word list, honouring single and double quotes. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

/** A tiny `sh -c`: `;`- and `&&`-separated simple commands, `>&2` redirection, `exit N`. */
async function runShell(script: string, env: ExecEnv, io: ExecIO): Promise<ExecOutcome> {
  let last: ExecOutcome = { exitCode: 0 };
  for (const stmt of script.split(/;|\n/)) {
    const parts = stmt.split('&&');
    for (const part of parts) {
      let words = shellWords(part.trim());
      if (!words.length) continue;
      if (words[0] === 'exit') return { exitCode: Number(words[1] ?? 0) || 0 };
      let target = io;
      const redirect = words.findIndex((w) => w === '>&2' || w === '1>&2');
      if (redirect >= 0) {
        words = words.filter((_, i) => i !== redirect);
        target = { ...io, stdout: (data) => io.stderr(data) };
      }
      last = await runFakeCommand(words, env, target);
      if ('notFound' in last) {
        await io.stderr(`sh: ${words[0]}: not found\n`);
        last = { exitCode: 127 };
      }
      if (last.exitCode !== 0) break;
    }
  }
  return last;
}

export async function runFakeCommand(argv: string[], env: ExecEnv, io: ExecIO): Promise<ExecOutcome> {
  const [cmd, ...args] = argv;
  const podName = String(env.pod.metadata?.name ?? '');
  switch (cmd) {
    case 'echo': {
      const noNewline = args[0] === '-n';
      const text = (noNewline ? args.slice(1) : args).join(' ');
      await io.stdout(noNewline ? text : `${text}\n`);
      return { exitCode: 0 };
    }
    case 'true':
      return { exitCode: 0 };
    case 'false':
      return { exitCode: 1 };
    case 'sh':
    case 'bash':
    case '/bin/sh':
    case '/bin/bash':
      if (args[0] === '-c') return runShell(args.slice(1).join(' '), env, io);
      return { exitCode: 0 };
    case 'cat':
      if (!args.length) {
        for (let chunk = await io.readStdin(); chunk; chunk = await io.readStdin()) await io.stdout(chunk);
        return { exitCode: 0 };
      }
      for (const file of args) {
        if (file === '/etc/hostname') await io.stdout(`${podName}\n`);
        else if (file === '/etc/os-release') await io.stdout('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n');
        else {
          await io.stderr(`cat: ${file}: No such file or directory\n`);
          return { exitCode: 1 };
        }
      }
      return { exitCode: 0 };
    case 'env':
    case 'printenv':
      await io.stdout(containerEnv(env));
      return { exitCode: 0 };
    case 'ls':
      if (!args.length || args.includes('/')) {
        await io.stdout('bin\ndev\netc\nhome\nlib\nproc\nroot\nsys\ntmp\nusr\nvar\n');
        return { exitCode: 0 };
      }
      await io.stderr(`ls: cannot access '${args[args.length - 1]}': No such file or directory\n`);
      return { exitCode: 2 };
    case 'hostname':
      await io.stdout(`${podName}\n`);
      return { exitCode: 0 };
    case 'whoami':
      await io.stdout('root\n');
      return { exitCode: 0 };
    case 'pwd':
      await io.stdout('/\n');
      return { exitCode: 0 };
    case 'date':
      await io.stdout(`${new Date().toUTCString().replace('GMT', 'UTC')}\n`);
      return { exitCode: 0 };
    case 'uname':
      await io.stdout(args.includes('-a') ? `Linux ${podName} 5.15.0-1051-aws #56-Ubuntu SMP x86_64 GNU/Linux\n` : 'Linux\n');
      return { exitCode: 0 };
    case 'sleep':
      await io.sleep(Math.max(0, Number(args[0] ?? 0)) * 1000);
      return { exitCode: 0 };
    case 'yes-bytes':
      await emitBytes(Number(args[0] ?? 0), Y_CHUNK, (b) => io.stdout(b), io);
      return { exitCode: 0 };
    case 'stderr-bytes':
      await emitBytes(Number(args[0] ?? 0), E_CHUNK, (b) => io.stderr(b), io);
      return { exitCode: 0 };
    case 'fail':
      await io.stderr(`${args.length ? args.join(' ') : 'error: simulated failure'}\n`);
      return { exitCode: 1 };
    default:
      return { notFound: String(cmd ?? '') };
  }
}
