/**
 * Pod logs under the answer budget (SPEC §1 "Answers fit every client whole"): the newest lines are what a
 * diagnosis needs, so the oldest are left out first, and the first line of the answer says what was cut and how
 * to read it. The logs API cannot page backwards, but it can page forwards: from sinceTime, limitBytes keeps the
 * oldest bytes of the window.
 */
import { truncateUtf8 } from './annotationTrimmer';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
/** Bytes kept for the notice line. */
const NOTICE_RESERVE = 600;

/** The answer text: `notice`, a newline, then the log, at most `budget` bytes in all. */
export function fitLogToBudget(notice: string, text: string, budget: number): string {
  const whole = `${notice}\n${text}`;
  if (bytes(whole) <= budget) return whole;
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  const room = budget - NOTICE_RESERVE;
  const kept: string[] = [];
  let used = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (used + bytes(line) + 1 > room) {
      // A single line longer than the budget (a JSON blob): its start, which carries time and level, is kept.
      if (kept.length === 0) kept.push(truncateUtf8(line, room - 32));
      break;
    }
    kept.push(line);
    used += bytes(line) + 1;
  }
  kept.reverse();
  const omitted = bytes(text) - bytes(kept.join('\n')) - (text.endsWith('\n') ? 1 : 0);
  const cut = `Cut to fit the ${budget}-byte answer budget: the newest ${kept.length} of ${lines.length} lines fetched are shown, ` +
    `${omitted} bytes of older output left out. For the older lines pass sinceTime (timestamps=true shows each line's time) ` +
    `with limitBytes under ${budget}: the API returns a window's oldest bytes first. The server's --max-answer-bytes ` +
    `(k8sMcp.maxAnswerBytes) sets the budget. Fetched: ${notice}`;
  return `${cut}\n${kept.join('\n')}\n`;
}
