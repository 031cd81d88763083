/** Every tool the server offers, in the order clients list them. Write tools come with read-write mode. */
import type { ToolDefinition } from '../toolDefinition';
import { getEntityTool } from './getEntity';
import { scanCollectionTool } from './scanCollection';

export const ALL_TOOLS: readonly ToolDefinition[] = [
  getEntityTool as unknown as ToolDefinition,
  scanCollectionTool as unknown as ToolDefinition,
];
