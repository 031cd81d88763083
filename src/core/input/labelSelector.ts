/**
 * Label and field selectors, checked before any request. The label grammar is a port of the lexer and parser
 * of k8s.io/apimachinery/pkg/labels (selector.go), so what we accept is what the API server accepts, and our
 * messages start like the server's ("unable to parse requirement: found '', expected: ...") while also
 * pointing at the offending part and giving valid examples: the server's own message does neither.
 */
import { ValidationError } from '../errors';
import { labelKeyProblem, labelValueProblem } from './labelNames';
import { lex, type Token } from './labelSelectorLexer';
import { quoteForMessage } from './quoteForMessage';

// The order and spelling of the server's list of operators ("gt"/"lt" are selection.GreaterThan/LessThan).
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

const LABEL_EXAMPLES = 'Examples: "app=web", "tier in (frontend,backend)", "env!=prod,team", "!canary".';

/** A parse failure at a token: the server's wording plus where it happened. */
class SelectorSyntaxError extends Error {
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

class LabelSelectorParser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  /** `in`/`notin` are plain identifiers where a value or key is expected (the server's "Values" context). */
  private lookahead(asValue = true): Token {
    const token = this.tokens[Math.min(this.position, this.tokens.length - 1)] as Token;
    return asValue && (token.kind === 'in' || token.kind === 'notin') ? { ...token, kind: 'identifier' } : token;
  }

  private consume(asValue = true): Token {
    const token = this.lookahead(asValue);
    if (this.position < this.tokens.length - 1) this.position++;
    return token;
  }

  parse(): void {
    for (;;) {
      const token = this.lookahead();
      if (token.kind === 'end') return;
      if (token.kind !== 'identifier' && token.kind !== '!') {
        throw new SelectorSyntaxError(`found ${quoteForMessage(token.literal)}, expected: !, identifier, or 'end of string'`, token.start);
      }
      this.parseRequirement();
      const after = this.consume();
      if (after.kind === 'end') return;
      if (after.kind !== ',') {
        throw new SelectorSyntaxError(`found ${quoteForMessage(after.literal)}, expected: ',' or 'end of string'`, after.start);
      }
      const next = this.lookahead();
      if (next.kind !== 'identifier' && next.kind !== '!') {
        throw new SelectorSyntaxError(`found ${quoteForMessage(next.literal)}, expected: identifier after ','`, next.start);
      }
    }
  }

  private parseRequirement(): void {
    let token = this.consume();
    const negated = token.kind === '!';
    if (negated) token = this.consume();
    if (token.kind !== 'identifier') {
      throw this.requirementError(`found ${quoteForMessage(token.literal)}, expected: identifier`, token.start);
    }
    const keyProblem = labelKeyProblem(token.literal);
    if (keyProblem) {
      throw this.requirementError(`invalid label key ${quoteForMessage(token.literal)}: ${keyProblem}`, token.start);
    }
    const next = this.lookahead();
    if (next.kind === 'end' || next.kind === ',') return; // `key` (exists) or `!key` (does not exist)
    if (negated) {
      throw this.requirementError(`found ${quoteForMessage(token.literal)}, expected: ',' or 'end of string'`, token.start);
    }
    const operator = this.consume(false);
    switch (operator.kind) {
      case 'in':
      case 'notin':
        this.parseValues();
        return;
      case '=':
      case '==':
      case '!=':
        this.parseExactValue();
        return;
      case '>':
      case '<':
        this.parseIntegerValue();
        return;
      default: {
        const prefix = operator.literal === '' ? 'found' : 'invalid operator found';
        throw this.requirementError(`${prefix} ${quoteForMessage(operator.literal)}, expected: ${BINARY_OPERATORS}`, operator.start);
      }
    }
  }

  private parseValues(): void {
    const open = this.consume();
    if (open.kind !== '(') {
      throw this.requirementError(`found ${quoteForMessage(open.literal)} expected: '('`, open.start);
    }
    const first = this.lookahead();
    if (first.kind === ')') {
      this.consume(); // `key in ()` is the set {""}, as on the server
      return;
    }
    if (first.kind !== 'identifier' && first.kind !== ',') {
      throw this.requirementError(`found ${quoteForMessage(first.literal)}, expected: ',', ')' or identifier`, first.start);
    }
    // (possibly empty) comma-separated values up to ')': "(a,b)", "(,a)", "(a,)" are all valid.
    for (;;) {
      const token = this.consume();
      if (token.kind === 'identifier') {
        this.checkValue(token);
        const next = this.lookahead();
        if (next.kind === ')') break;
        if (next.kind !== ',') {
          throw this.requirementError(`found ${quoteForMessage(next.literal)}, expected: ',' or ')'`, next.start);
        }
      } else if (token.kind === ',') {
        const next = this.lookahead();
        if (next.kind === ')') break;
        if (next.kind === ',') this.consume();
      } else {
        throw this.requirementError(`found ${quoteForMessage(token.literal)}, expected: ',', or identifier`, token.start);
      }
    }
    this.consume(); // the ')' seen by lookahead
  }

  private parseExactValue(): void {
    const next = this.lookahead();
    if (next.kind === 'end' || next.kind === ',') return; // `key=` matches the empty value
    const token = this.consume();
    if (token.kind !== 'identifier') {
      throw this.requirementError(`found ${quoteForMessage(token.literal)}, expected: identifier`, token.start);
    }
    this.checkValue(token);
  }

  /** `key>3`, `key<10`: accepted by the server's grammar (node affinity uses them), integer values only. */
  private parseIntegerValue(): void {
    const token = this.consume();
    if (token.kind !== 'identifier') {
      throw this.requirementError(`found ${quoteForMessage(token.literal)}, expected: identifier`, token.start);
    }
    this.checkValue(token); // the server validates these as label values too, so "-1" is refused
    if (!/^\d{1,18}$/.test(token.literal)) {
      throw this.requirementError(
        `invalid value ${quoteForMessage(token.literal)}: for 'Gt', 'Lt' operators, the value must be an integer`,
        token.start,
      );
    }
  }

  private checkValue(token: Token): void {
    const problem = labelValueProblem(token.literal);
    if (problem) {
      throw this.requirementError(`invalid label value ${quoteForMessage(token.literal)}: ${problem}`, token.start);
    }
  }

  private requirementError(message: string, at: number): SelectorSyntaxError {
    return new SelectorSyntaxError(`unable to parse requirement: ${message}`, at);
  }
}

/** Where parsing stopped, for the message: the text up to there, or "at the end". */
function describePosition(selector: string, at: number): string {
  if (at >= selector.length) return `at the end of ${quoteForMessage(selector)}`;
  return `at position ${at} of ${quoteForMessage(selector)} (before ${quoteForMessage(selector.slice(at), 30)})`;
}

/**
 * Throws ValidationError('label_filter') unless `selector` parses as a Kubernetes label selector:
 * `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, joined by commas.
 */
export function validateLabelSelector(selector: string): void {
  if (typeof selector !== 'string') {
    throw new ValidationError('label_filter', `expected a string, got ${quoteForMessage(selector)}. ${LABEL_EXAMPLES}`);
  }
  try {
    new LabelSelectorParser(lex(selector)).parse();
  } catch (error) {
    if (error instanceof SelectorSyntaxError) {
      throw new ValidationError(
        'label_filter',
        `${error.message}, ${describePosition(selector, error.at)}. ${LABEL_EXAMPLES}`,
      );
    }
    throw error;
  }
}
