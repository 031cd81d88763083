/**
 * The lexer of label selectors, a port of k8s.io/apimachinery/pkg/labels (selector.go): identifiers, the
 * keywords `in`/`notin` and the operators, each with its offset so a message can point at it.
 */

export type TokenKind =
  | 'end' | 'error' | 'identifier' | 'in' | 'notin'
  | '(' | ')' | ',' | '!' | '=' | '==' | '!=' | '>' | '<';

export interface Token {
  kind: TokenKind;
  literal: string;
  /** Offset of the token in the selector, to show where parsing stopped. */
  start: number;
}

const KEYWORDS: ReadonlyMap<string, TokenKind> = new Map<string, TokenKind>([
  [')', ')'], [',', ','], ['!', '!'], ['==', '=='], ['=', '='], ['>', '>'],
  ['in', 'in'], ['<', '<'], ['!=', '!='], ['notin', 'notin'], ['(', '('],
]);

const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string): boolean => '=!(),><'.includes(ch);

export function lex(selector: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < selector.length && isWhitespace(selector.charAt(pos))) pos++;
    const start = pos;
    if (pos >= selector.length) {
      tokens.push({ kind: 'end', literal: '', start });
      return tokens;
    }
    if (isSpecial(selector.charAt(pos))) {
      // Longest run of special characters that still forms a known operator ("!=" rather than "!" then "=").
      let buffer = '';
      let last: Token | undefined;
      while (pos < selector.length && isSpecial(selector.charAt(pos))) {
        buffer += selector.charAt(pos);
        const kind = KEYWORDS.get(buffer);
        if (kind) {
          last = { kind, literal: buffer, start };
        } else if (last) {
          break;
        }
        pos++;
      }
      tokens.push(last ?? { kind: 'error', literal: `error expected: keyword found '${buffer}'`, start });
      continue;
    }
    while (pos < selector.length && !isSpecial(selector.charAt(pos)) && !isWhitespace(selector.charAt(pos))) pos++;
    const literal = selector.slice(start, pos);
    tokens.push({ kind: KEYWORDS.get(literal) ?? 'identifier', literal, start });
  }
}
