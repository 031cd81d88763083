/**
 * A list page that fits the answer budget. The API server's continue token marks the end of the page it sent,
 * so a page cut on our side would skip the items after the cut. Instead, when the rendered page is too big, the
 * same page is asked for again with the largest limit that fits (`limit` is a maximum in Kubernetes too), and
 * the server hands out the token that resumes exactly after those items.
 */
import type { CompactItem, CompactList } from '../shaping/compactList';
import { OMITTED_KEY } from '../shaping/annotationBudget';

export interface BudgetedList {
  /** One request for up to `limit` items, from the caller's continue token. */
  fetch(limit: number): Promise<CompactList>;
  /** The answer text for a page. */
  render(list: CompactList): string;
  limit: number;
  budgetBytes: number;
}

// Room kept for the token the server will hand out for a shorter page: real tokens are base64 of the last key
// and a resource version, 60-200 characters.
const TOKEN_RESERVE = 256;

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The first `count` items as the page the server will send for limit=count (more remain after it). */
function prefix(list: CompactList, count: number): CompactList {
  const dropped = list.items.length - count;
  const page: CompactList = { ...list, items: list.items.slice(0, count), continue: 'x'.repeat(Math.max(TOKEN_RESERVE, (list.continue?.length ?? 0) + 32)) };
  if (list.remainingItemCount !== undefined || list.continue === undefined) {
    page.remainingItemCount = (list.remainingItemCount ?? 0) + dropped;
  }
  return page;
}

/** The most items whose page fits (at least 1): the page shrinks with fewer items, so a binary search finds it. */
function largestFittingPrefix(list: CompactList, request: BudgetedList): number {
  let low = 1;
  let high = list.items.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (bytes(request.render(prefix(list, mid))) <= request.budgetBytes) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** One item too big on its own (hundreds of labels): its labels and annotations give way to a note. */
function withoutDetails(item: CompactItem): CompactItem {
  const { labels: _labels, annotations: _annotations, ...rest } = item;
  return { ...rest, annotations: { [OMITTED_KEY]: 'labels and annotations cut to fit the answer budget; read them with get_k8s_entity' } };
}

export async function listWithinBudget(request: BudgetedList): Promise<{ text: string; list: CompactList }> {
  let list = await request.fetch(request.limit);
  for (;;) {
    const text = request.render(list);
    if (bytes(text) <= request.budgetBytes) return { text, list };
    if (list.items.length <= 1) {
      const slim = { ...list, items: list.items.map(withoutDetails) };
      return { text: request.render(slim), list: slim };
    }
    // Strictly fewer items each round, so this ends even when the list changes between requests.
    list = await request.fetch(largestFittingPrefix(list, request));
  }
}
