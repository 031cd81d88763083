/**
 * The in-process row of `npm run bench`: what shaping a 300-item list costs our process, apart from the
 * request and the stdio framing. The Table answer the CLI asks for (same Accept and query as listCollection)
 * is fetched once, then parsed and shaped many times; CPU time per call (process.cpuUsage), so the row means
 * the same on a loaded machine, where wall time does not.
 */
import { DEFAULT_ANNOTATION_BUDGET } from '../src/server/pipeline/compactListing';
import { validateAnnotationRules } from '../src/core/shaping/annotationTrimmer';
import { compactList, type ListAnswer } from '../src/core/shaping/compactList';
import { renderCompactList } from '../src/core/shaping/compactTable';
import { TABLE_ACCEPT } from '../src/core/operations/listCollection';
import type { RawBaseline } from './rawBaseline';

const ROUNDS = 200;
const PATH = '/api/v1/namespaces/lab-apps/configmaps?limit=500&includeObject=Metadata';

/** CPU milliseconds per run of `work`, over ROUNDS runs after ROUNDS / 4 warm-up runs. */
function cpuMsPerRun(work: () => unknown): number {
  for (let i = 0; i < ROUNDS / 4; i++) work();
  const start = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / ROUNDS;
}

export async function shapingRows(raw: RawBaseline): Promise<Array<Array<string | number>>> {
  const body = await raw.read(PATH, TABLE_ACCEPT);
  const answer = JSON.parse(body.toString('utf8')) as ListAnswer;
  const options = { annotations: validateAnnotationRules({}), annotationBudget: DEFAULT_ANNOTATION_BUDGET, includeIds: false, namespace: 'lab-apps' };
  const shape = () => renderCompactList(compactList(answer, 'ConfigMapList', options), { now: Date.now() });
  const items = compactList(answer, 'ConfigMapList', options).items.length;
  return [
    [`parse the Table answer (${body.length} bytes, ${items} items), CPU ms`, cpuMsPerRun(() => JSON.parse(body.toString('utf8')))],
    [`shape it: compact list + render (${Buffer.byteLength(shape())} bytes), CPU ms`, cpuMsPerRun(shape)],
  ];
}
