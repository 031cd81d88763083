/**
 * A zod strict object whose unknown keys are reported with a "did you mean" from the keys it takes: used for
 * tool parameters and for policy files, where a misspelt key silently dropped would change what happens.
 */
import { z, type ZodRawShape } from 'zod';
import { closestMatches } from './closestMatches';
import { quoteForMessage } from './quoteForMessage';

/** `describe` gets the unknown keys quoted with their suggestions (`"mdoe" (did you mean "mode"?)`) and the known keys. */
export function strictObjectWithHints<Shape extends ZodRawShape>(
  shape: Shape, describe: (hints: string, known: readonly string[]) => string,
) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      const hints = issue.keys.map((key) => {
        const near = closestMatches(key, known, 1)[0];
        return near ? `${quoteForMessage(key)} (did you mean "${near}"?)` : quoteForMessage(key);
      });
      return describe(hints.join(', '), known);
    },
  });
}
