/**
 * The shape every prompt file fills in: MCP prompts are the slash commands VS Code offers in chat
 * (`/mcp.<server>.<prompt>`). Each is a short template that leads the model through the economical calls:
 * which tool, which parameters, what to read in the answer. Arguments are strings (the protocol's rule); they
 * are checked with the same core validators the tools use, so a bad one is a clear error before any text.
 */
import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { completable, type CompletableSchema, type CompleteCallback } from '@modelcontextprotocol/sdk/server/completable.js';
import { z, type ZodRawShape } from 'zod';
import { K8sError } from '../../core/errors';

/** What a prompt may ask of the service while building its text or completing an argument. */
export interface PromptContext {
  /** The selected context's namespace. */
  selectedNamespace(): string;
  /** Namespace names of the selected context (for completion; [] when the cluster cannot be reached). */
  listNamespaces(): Promise<string[]>;
}

/** The parsed arguments a prompt's builder gets for its argument shape. */
export type PromptArgs<Shape extends ZodRawShape> = z.output<z.ZodObject<Shape>>;

export interface PromptDefinition<Shape extends ZodRawShape = ZodRawShape> {
  name: string;
  title: string;
  description: string;
  /** Built per session, since completions read the session's service. */
  arguments(ctx: PromptContext): Shape;
  build(args: PromptArgs<Shape>, ctx: PromptContext): GetPromptResult;
}

export function definePrompt<Shape extends ZodRawShape>(definition: PromptDefinition<Shape>): PromptDefinition<Shape> {
  return definition;
}

/**
 * A string argument checked by `check` (a core validator that throws a ValidationError naming the argument):
 * its message becomes the prompt error, e.g. `Invalid arguments for prompt diagnose-workload: Invalid
 * namespace: "Shop" is not a valid DNS-1123 label: …`.
 */
export function checkedString(name: string, description: string, check: (value: string) => unknown) {
  return z.string({ error: (issue) => (issue.input === undefined ? `${name} is required.` : `${name} must be a string.`) })
    .superRefine((value, ctx) => {
      try {
        check(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: err instanceof K8sError ? err.message : String(err) });
      }
    })
    .describe(description);
}

/**
 * Completes from `candidates()` by prefix; never fails (a completion is a convenience). Wraps the outermost
 * schema (an optional one too): the SDK looks for completions there only.
 */
export function completedBy<T extends z.ZodString | z.ZodOptional<z.ZodString>>(
  schema: T, candidates: () => Promise<readonly string[]> | readonly string[],
): CompletableSchema<T> {
  const complete = async (value: string | undefined): Promise<string[]> => {
    try {
      return (await candidates()).filter((c) => c.startsWith(value ?? '')).slice(0, 100);
    } catch {
      return [];
    }
  };
  return completable(schema, complete as unknown as CompleteCallback<T>);
}

/** One user message holding `text`, the form every prompt answers with. */
export function userMessage(description: string, text: string): GetPromptResult {
  return { description, messages: [{ role: 'user', content: { type: 'text', text } }] };
}

/** A tool call as the model should write it: the tool's name and its arguments as compact JSON. */
export function toolCall(tool: string, args: Record<string, unknown>): string {
  return `${tool} ${JSON.stringify(args)}`;
}
