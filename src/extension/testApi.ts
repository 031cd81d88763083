/**
 * What activate() returns when VS Code runs the extension's tests (ExtensionMode.Test) and only then: other
 * extensions must not be able to answer write confirmations. Extension-host suites need it because VS Code
 * refuses modal dialogs while tests run; the UI suites click the real modal instead.
 */
import type { K8sMcpService } from '../server/createServer';
import type { ContextsNode } from './contextsTree';
import type { WriteAnswerer } from './writeConfirmation';

export interface K8sMcpTestApi {
  /** Answers write confirmations instead of the modal; undefined restores the modal. */
  setWriteAnswerer(answerer: WriteAnswerer | undefined): void;
  /** The running server (starting it if needed). */
  server(): Promise<{ service: K8sMcpService; url: string; generation: number }>;
  /** The contexts tree's top-level rows as the view shows them. */
  contextRows(): ContextsNode[];
  statusBarText(): string;
  /** Milliseconds since the epoch: activate() entered, the HTTP host listened, VS Code first got the definition. */
  timings(): { activatedAt: number; listeningAt?: number | undefined; providedAt?: number | undefined };
}
