/**
 * Parses a YAML manifest with its cost bounded before anything large is built. The byte cap on the payload does
 * not bound what YAML makes of it: an anchor referenced 99 times expands 1 MB of text into 100 MB of JSON once
 * the object is serialized, the parser spends about half a kilobyte per token, a double-quoted scalar about forty
 * bytes per byte, and the library's own duplicate-key check is quadratic. So the text is lexed against budgets
 * first (cheap, streaming), and the parsed tree is measured as it would expand (aliases counted at their full
 * size, without expanding them) before it becomes an object.
 */
import { CST, isAlias, isMap, isScalar, isSeq, Lexer, parseAllDocuments, type Document, type Node } from 'yaml';
import { ValidationError } from '../errors';
import { quoteForMessage } from './quoteForMessage';

/** About 8,000 lines of block YAML; the parser's peak memory stays near 30 MB. Bigger manifests travel as JSON. */
export const MAX_YAML_TOKENS = 60_000;
/** Double-quoted scalars cost the parser ~40 bytes per byte; long text belongs in a block scalar (`key: |`). */
export const MAX_DOUBLE_QUOTED_BYTES = 256 * 1024;
/** The library resolves each alias by scanning the whole document, so their number is bounded too (its default). */
export const MAX_ALIASES = 100;

const PARAM = 'payload_manifest';
const JSON_HINT = 'send a manifest this big as a JSON object (or a JSON string)';

/** One streaming pass over the tokens: refuses before the parser builds anything. */
function checkTokenBudgets(text: string): void {
  let tokens = 0;
  let doubleQuoted = 0;
  for (const token of new Lexer().lex(text)) {
    if (++tokens > MAX_YAML_TOKENS) {
      throw new ValidationError(PARAM, `the YAML has more than ${MAX_YAML_TOKENS} tokens (about 8,000 lines), more than this server parses as YAML; ${JSON_HINT}.`);
    }
    if (token.startsWith('"') && CST.tokenType(token) === 'double-quoted-scalar') {
      doubleQuoted += token.length;
      if (doubleQuoted > MAX_DOUBLE_QUOTED_BYTES) {
        throw new ValidationError(PARAM, `its double-quoted strings hold more than ${MAX_DOUBLE_QUOTED_BYTES} bytes; write long text as a block scalar ("key: |" and the text indented on the next lines), or ${JSON_HINT}.`);
      }
    }
  }
}

interface AnchorState { open: boolean; size: number }

/**
 * Walks the tree in document order as JSON would spell it: the size of every node (an alias counts as the full
 * size of its anchor, memoized, so nothing is expanded), duplicate and non-string keys (the library's own check is
 * quadratic), and aliases that point into their own anchor (a cycle no JSON can hold).
 */
class ExpansionMeter {
  private readonly anchors = new Map<string, AnchorState>();
  private readonly path: string[] = [];
  private total = 0;
  private aliases = 0;
  constructor(private readonly maxBytes: number) {}

  measure(node: unknown): number {
    const anchor = (isScalar(node) || isMap(node) || isSeq(node)) ? node.anchor : undefined;
    // An alias after the anchor's start refers to this node (YAML resolves to the latest anchor before it).
    if (anchor) this.anchors.set(anchor, { open: true, size: 0 });
    const size = this.sizeOf(node);
    if (anchor) this.anchors.set(anchor, { open: false, size });
    return size;
  }

  private sizeOf(node: unknown): number {
    if (isAlias(node)) return this.aliasSize(node.source);
    if (isScalar(node)) return this.add(typeof node.value === 'string' ? node.value.length + 2 : String(node.value).length);
    if (isSeq(node)) {
      let size = this.add(2);
      node.items.forEach((item, i) => {
        this.path.push(`[${i}]`);
        size += this.measure(item) + this.add(1);
        this.path.pop();
      });
      return size;
    }
    if (isMap(node)) return this.mapSize(node.items);
    return this.add(4); // null
  }

  private mapSize(pairs: ReadonlyArray<{ key: unknown; value: unknown }>): number {
    let size = this.add(2);
    const seen = new Set<string>();
    for (const pair of pairs) {
      if (!isScalar(pair.key)) {
        throw new ValidationError(PARAM, `mapping keys must be strings; ${this.where()} has a ${isAlias(pair.key) ? 'alias' : 'collection'} as a key.`);
      }
      const key = String(pair.key.value);
      if (seen.has(key)) throw new ValidationError(PARAM, `the YAML does not parse: the key ${quoteForMessage(key)} appears twice in ${this.where()}. Keep one of them.`);
      seen.add(key);
      this.path.push(this.path.length ? `.${key}` : key);
      size += this.measure(pair.key) + this.measure(pair.value) + this.add(2);
      this.path.pop();
    }
    return size;
  }

  private aliasSize(source: string): number {
    if (++this.aliases > MAX_ALIASES) {
      throw new ValidationError(PARAM, `it uses more than ${MAX_ALIASES} aliases (*name); write the repeated parts out, or pass the manifest as a JSON object.`);
    }
    const anchor = this.anchors.get(source);
    if (!anchor) throw new ValidationError(PARAM, `the alias ${quoteForMessage(`*${source}`)} at ${this.where()} has no anchor before it.`);
    if (anchor.open) throw new ValidationError(PARAM, `the alias ${quoteForMessage(`*${source}`)} at ${this.where()} is inside its own anchor (a cycle); a manifest must be a tree.`);
    return this.add(anchor.size);
  }

  private add(bytes: number): number {
    this.total += bytes;
    if (this.total > this.maxBytes) {
      throw new ValidationError(PARAM, `its aliases expand it to more than ${this.maxBytes} bytes, the limit. Write the repeated part out where it is needed, or pass the manifest as a JSON object.`);
    }
    return bytes;
  }

  private where(): string {
    return this.path.length ? quoteForMessage(this.path.join(''), 120) : 'the top level';
  }
}

/** Parses one YAML (or JSON) text into a plain value, refusing what would cost more than `maxBytes` expanded. */
export function parseYamlManifest(text: string, maxBytes: number): unknown {
  checkTokenBudgets(text);
  // Duplicate keys are checked by ExpansionMeter in linear time; the library's check compares every pair.
  const docs = parseAllDocuments(text, { uniqueKeys: false });
  if (!Array.isArray(docs)) throw new ValidationError(PARAM, 'the manifest holds no YAML document.');
  const firstError = docs.flatMap((d) => d.errors)[0];
  if (firstError) {
    throw new ValidationError(PARAM, `the YAML/JSON does not parse: ${firstError.message.split('\n')[0]}. Fix the syntax, or pass the manifest as a JSON object.`);
  }
  // A leading or trailing `---` makes an empty (null) document; only documents with content count.
  const contentful = docs.filter((d) => d.contents !== null && !(isScalar(d.contents) && d.contents.value === null));
  if (contentful.length !== 1) {
    throw new ValidationError(PARAM, `expected exactly one document, found ${contentful.length}. Apply one object per call (split multi-document YAML at "---").`);
  }
  const doc = contentful[0] as Document<Node>;
  new ExpansionMeter(maxBytes).measure(doc.contents);
  try {
    // The meter bounded the aliases and their expansion; the library's own count is a weaker form of the same.
    return doc.toJS({ maxAliasCount: -1 });
  } catch (err) {
    throw new ValidationError(PARAM, `the YAML could not be converted: ${(err as Error).message.split('\n')[0]}.`);
  }
}
