// Label selectors with k8s.io/apimachinery/pkg/labels' lexer and parser, so malformed selectors fail with the
// same messages (028: `unable to parse requirement: found '', expected: ',', ')' or identifier`).
import type { KObject } from './types';
import { errors } from './statusErrors';

type Tok = 'ID' | 'EOS' | 'ERR' | 'OPEN' | 'CLOSE' | 'COMMA' | 'NOT' | 'EQ' | 'DEQ' | 'NEQ' | 'GT' | 'LT' | 'IN' | 'NOTIN';

const SYMBOLS: Record<string, Tok> = { ')': 'CLOSE', ',': 'COMMA', '!': 'NOT', '==': 'DEQ', '=': 'EQ', '>': 'GT', '<': 'LT', '!=': 'NEQ', '(': 'OPEN' };
const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const WS = new Set([' ', '\t', '\r', '\n']);

interface Item {
  tok: Tok;
  lit: string;
}

function lex(input: string): Item[] {
  const out: Item[] = [];
  let i = 0;
  for (;;) {
    while (i < input.length && WS.has(input[i] as string)) i++;
    if (i >= input.length) {
      out.push({ tok: 'EOS', lit: '' });
      return out;
    }
    const ch = input[i] as string;
    if (SPECIAL.has(ch)) {
      // Longest valid operator wins: "!=" rather than "!" then "=".
      let buf = '';
      let last: Item | undefined;
      let end = i;
      for (let j = i; j < input.length && SPECIAL.has(input[j] as string); j++) {
        buf += input[j];
        const t = SYMBOLS[buf];
        if (t) {
          last = { tok: t, lit: buf };
          end = j + 1;
        } else if (last) break;
      }
      if (!last) {
        out.push({ tok: 'ERR', lit: `error expected: keyword found '${buf}'` });
        return out;
      }
      i = end;
      out.push(last);
      continue;
    }
    let id = '';
    while (i < input.length && !WS.has(input[i] as string) && !SPECIAL.has(input[i] as string)) id += input[i++];
    out.push({ tok: id === 'in' ? 'IN' : id === 'notin' ? 'NOTIN' : 'ID', lit: id });
  }
}

export type Requirement = { key: string; op: 'exists' | '!exists' | '=' | '!=' | 'in' | 'notin' | 'gt' | 'lt'; values: string[] };

class Parser {
  private pos = 0;
  constructor(private readonly items: Item[]) {}
  /** In a values context the keywords `in`/`notin` are plain identifiers. */
  private look(values: boolean): Item {
    const it = this.items[this.pos] ?? { tok: 'EOS', lit: '' };
    return values && (it.tok === 'IN' || it.tok === 'NOTIN') ? { tok: 'ID', lit: it.lit } : it;
  }
  private next(values: boolean): Item {
    const it = this.look(values);
    if (this.pos < this.items.length) this.pos++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.look(true);
      if (tok === 'EOS') return reqs;
      if (tok !== 'ID' && tok !== 'NOT') throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.requirement());
      } catch (e) {
        throw new Error(`unable to parse requirement: ${(e as Error).message}`);
      }
      const after = this.next(true);
      if (after.tok === 'EOS') return reqs;
      if (after.tok !== 'COMMA') throw new Error(`found '${after.lit}', expected: ',' or 'end of string'`);
      const t2 = this.look(true);
      if (t2.tok !== 'ID' && t2.tok !== 'NOT') throw new Error(`found '${t2.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement {
    let negate = false;
    let it = this.next(true);
    if (it.tok === 'NOT') {
      negate = true;
      it = this.next(true);
    }
    if (it.tok !== 'ID') throw new Error(`found '${it.lit}', expected: identifier`);
    const key = it.lit;
    if (negate) return { key, op: '!exists', values: [] };
    const peek = this.look(true).tok;
    if (peek === 'EOS' || peek === 'COMMA') return { key, op: 'exists', values: [] };
    const opItem = this.next(false);
    const ops: Partial<Record<Tok, Requirement['op']>> = { EQ: '=', DEQ: '=', NEQ: '!=', IN: 'in', NOTIN: 'notin', GT: 'gt', LT: 'lt', NOT: '!exists' };
    const op = ops[opItem.tok];
    if (!op || op === '!exists') throw new Error(`found '${opItem.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    if (op === 'in' || op === 'notin') return { key, op, values: this.valueSet() };
    const v = this.look(true);
    if (v.tok === 'EOS' || v.tok === 'COMMA') return { key, op, values: [''] };
    const val = this.next(true);
    if (val.tok !== 'ID') throw new Error(`found '${val.lit}', expected: identifier`);
    return { key, op, values: [val.lit] };
  }

  private valueSet(): string[] {
    const open = this.next(true);
    if (open.tok !== 'OPEN') throw new Error(`found '${open.lit}' expected: '('`);
    const first = this.look(true);
    if (first.tok === 'CLOSE') {
      this.next(true);
      return [''];
    }
    if (first.tok !== 'ID' && first.tok !== 'COMMA') throw new Error(`found '${first.lit}', expected: ',', ')' or identifier`);
    const values: string[] = [];
    for (;;) {
      const it = this.next(true);
      if (it.tok === 'ID') {
        values.push(it.lit);
        const after = this.look(true);
        if (after.tok === 'COMMA') {
          this.next(true);
          continue;
        }
        if (after.tok === 'CLOSE') {
          this.next(true);
          return values;
        }
        throw new Error(`found '${after.lit}', expected: ',' or ')'`);
      }
      if (it.tok === 'COMMA') {
        values.push('');
        continue;
      }
      if (it.tok === 'CLOSE') return values;
      throw new Error(`found '${it.lit}', expected: ',', or identifier`);
    }
  }
}

export type LabelMatcher = (labels: KObject) => boolean;

export function matchRequirements(reqs: Requirement[]): LabelMatcher {
  return (labels) =>
    reqs.every((r) => {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      const v = has ? String(labels[r.key]) : undefined;
      switch (r.op) {
        case 'exists':
          return has;
        case '!exists':
          return !has;
        case '=':
          return has && r.values.includes(v as string);
        case '!=':
          return !has || !r.values.includes(v as string);
        case 'in':
          return has && r.values.includes(v as string);
        case 'notin':
          return !has || !r.values.includes(v as string);
        case 'gt':
          return has && Number(v) > Number(r.values[0]);
        case 'lt':
          return has && Number(v) < Number(r.values[0]);
        default:
          return false;
      }
    });
}

/** Parses `?labelSelector=`; a syntax error is a 400 BadRequest with the parser's message. */
export function parseLabelSelector(selector: string | undefined): LabelMatcher {
  if (!selector || !selector.trim()) return () => true;
  try {
    return matchRequirements(new Parser(lex(selector)).parse());
  } catch (e) {
    throw errors.badRequest((e as Error).message);
  }
}

/** A metav1.LabelSelector object (matchLabels + matchExpressions); nil matches nothing. */
export function parseLabelSelectorObject(sel: KObject | undefined): LabelMatcher {
  if (!sel) return () => false;
  const reqs: Requirement[] = Object.entries((sel.matchLabels ?? {}) as KObject).map(([key, v]) => ({ key, op: '=', values: [String(v)] }));
  for (const e of (sel.matchExpressions ?? []) as KObject[]) {
    const op = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!exists' } as const)[e.operator as 'In'];
    if (op) reqs.push({ key: e.key, op, values: (e.values ?? []) as string[] });
  }
  return matchRequirements(reqs);
}

/** LabelSelectorAsSelector(...).String(): requirements sorted by key (`app=api-v1`). */
export function labelSelectorString(sel: KObject | undefined): string {
  if (!sel) return '<none>';
  const parts: [string, string][] = Object.entries((sel.matchLabels ?? {}) as KObject).map(([k, v]) => [k, `${k}=${v}`]);
  for (const e of (sel.matchExpressions ?? []) as KObject[]) {
    const values = [...((e.values ?? []) as string[])].sort().join(',');
    const text = e.operator === 'In' ? `${e.key} in (${values})` : e.operator === 'NotIn' ? `${e.key} notin (${values})` : e.operator === 'Exists' ? e.key : `!${e.key}`;
    parts.push([e.key, text]);
  }
  if (!parts.length) return '<none>';
  return parts
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, t]) => t)
    .join(',');
}
