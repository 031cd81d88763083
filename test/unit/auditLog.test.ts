import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditLog } from '../../src/core/audit/auditLog';
import { manifestDigest, type AuditRecord } from '../../src/core/audit/auditRecord';

const SECRET_VALUE = 'c3VwZXItc2VjcmV0LXBhc3N3b3Jk';
const manifest = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'web' }, data: { password: SECRET_VALUE } };

function record(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    time: new Date('2025-06-01T12:00:00.000Z'),
    session: 'session-1',
    client: { name: 'claude-code', address: '127.0.0.1' },
    context: 'dev',
    user: 'dev-admin',
    tool: 'deploy_k8s_entity',
    verb: 'create-or-apply',
    group: '',
    version: 'v1',
    resource: 'secrets',
    namespace: 'web',
    name: 'db',
    dryRun: false,
    decision: { approved: true, by: 'elicitation' },
    outcome: { status: 201 },
    durationMs: 42.4,
    manifestSha256: manifestDigest(manifest),
    ...overrides,
  };
}

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-audit-')), 'logs', 'audit.log');
}

function lines(file: string): Array<Record<string, unknown>> {
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('audit log', () => {
  it('writes one JSON line per write attempt with every field of SPEC §7', async () => {
    const file = tempFile();
    const log = new AuditLog(file);
    await log.write(record());
    await log.write(record({ decision: { approved: false, by: 'policy', reason: 'Refused by policy: context "prod" is read-only' }, outcome: undefined, context: 'prod' }));
    const [approved, refused] = lines(file);
    assert.deepEqual(approved, {
      time: '2025-06-01T12:00:00.000Z', session: 'session-1', clientName: 'claude-code', clientAddress: '127.0.0.1',
      context: 'dev', user: 'dev-admin', tool: 'deploy_k8s_entity', verb: 'create-or-apply', group: '', version: 'v1',
      resource: 'secrets', namespace: 'web', name: 'db', dryRun: false, decision: 'approved', decidedBy: 'elicitation',
      status: 201, durationMs: 42, manifestSha256: manifestDigest(manifest),
    });
    assert.equal(refused!.decision, 'refused');
    assert.equal(refused!.decidedBy, 'policy');
    assert.match(String(refused!.reason), /read-only/);
    assert.equal('status' in refused!, false, 'nothing was sent, so no status');
  });

  it('never writes manifest data or Secret values, even when a caller passes them along', async () => {
    const file = tempFile();
    const log = new AuditLog(file);
    await log.write({ ...record(), manifest, data: manifest.data, command: ['sh', '-c', `echo ${SECRET_VALUE}`] } as AuditRecord);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes(SECRET_VALUE), text);
    assert.ok(!text.includes('"kind":"Secret"'), text);
    assert.match(text, /"manifestSha256":"[0-9a-f]{64}"/);
  });

  it('digests the manifest independently of key order, as jq -jcS would print it', () => {
    const reordered = { metadata: { namespace: 'web', name: 'db' }, kind: 'Secret', data: { password: SECRET_VALUE }, apiVersion: 'v1' };
    assert.equal(manifestDigest(reordered), manifestDigest(manifest));
    const sortedCompact = '{"apiVersion":"v1","data":{"password":"c3VwZXItc2VjcmV0LXBhc3N3b3Jk"},"kind":"Secret","metadata":{"name":"db","namespace":"web"}}';
    assert.equal(manifestDigest(manifest), createHash('sha256').update(sortedCompact).digest('hex'));
  });

  it('creates the file with mode 0600 and tightens an existing one that is readable by others', async () => {
    const file = tempFile();
    await new AuditLog(file).write(record());
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const other = tempFile();
    fs.mkdirSync(path.dirname(other), { recursive: true });
    fs.writeFileSync(other, '', { mode: 0o644 });
    fs.chmodSync(other, 0o644);
    await new AuditLog(other).write(record());
    assert.equal(fs.statSync(other).mode & 0o777, 0o600);
  });

  it('appends to an existing file', async () => {
    const file = tempFile();
    await new AuditLog(file).write(record({ name: 'first' }));
    await new AuditLog(file).write(record({ name: 'second' }));
    assert.deepEqual(lines(file).map((l) => l.name), ['first', 'second']);
  });

  it('rotates by size into file.1, file.2 and drops what is older than keep', async () => {
    const file = tempFile();
    const lineBytes = Buffer.byteLength(`${JSON.stringify(lines(await writeOne(tempFile()))[0])}\n`);
    const log = new AuditLog(file, { maxBytes: lineBytes * 2, keep: 2 });
    for (let i = 0; i < 7; i++) await log.write(record({ name: `obj-${i}` }));
    assert.deepEqual(lines(file).map((l) => l.name), ['obj-6']);
    assert.deepEqual(lines(`${file}.1`).map((l) => l.name), ['obj-4', 'obj-5']);
    assert.deepEqual(lines(`${file}.2`).map((l) => l.name), ['obj-2', 'obj-3']);
    assert.equal(fs.existsSync(`${file}.3`), false);
    assert.equal(fs.statSync(`${file}.1`).mode & 0o777, 0o600);
  });

  it('keeps every line whole and in order under concurrent writes, across rotations', async () => {
    const file = tempFile();
    const log = new AuditLog(file, { maxBytes: 4096, keep: 50 });
    await Promise.all(Array.from({ length: 60 }, (_, i) => log.write(record({ name: `obj-${i}` }))));
    const files = fs.readdirSync(path.dirname(file)).map((f) => path.join(path.dirname(file), f));
    const rotated = files.filter((f) => f !== file).sort((a, b) => Number(b.split('.').pop()) - Number(a.split('.').pop()));
    const names = [...rotated, file].flatMap((f) => lines(f).map((l) => l.name));
    assert.deepEqual(names, Array.from({ length: 60 }, (_, i) => `obj-${i}`));
    assert.ok(rotated.length > 1, 'the test must cross rotations');
  });

  it('never throws into a call and reports a failing file once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-mcp-audit-'));
    const blocker = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocker, '');
    const reports: string[] = [];
    const log = new AuditLog(path.join(blocker, 'audit.log'), { log: (level, message) => reports.push(`${level}: ${message}`) });
    await log.write(record());
    await log.write(record());
    await log.flush();
    assert.equal(reports.length, 1);
    assert.match(reports[0]!, /^error: Cannot write the audit log .*not-a-dir\/audit\.log \((ENOTDIR|EEXIST)\); writes go on/);
  });
});

async function writeOne(file: string): Promise<string> {
  await new AuditLog(file).write(record({ name: 'obj-0' }));
  return file;
}
