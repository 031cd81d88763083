/** Every tool the server offers, in the order clients list them. Write tools come with read-write mode. */
import type { ToolDefinition } from '../protocol/toolDefinition';
import { deleteEntityTool } from './deleteEntity';
import { deployEntityTool } from './deployEntity';
import { getEntityTool } from './getEntity';
import { interactEndpointTool } from './interactEndpoint';
import { scanCollectionTool } from './scanCollection';

export const ALL_TOOLS: readonly ToolDefinition[] = [
  getEntityTool,
  scanCollectionTool,
  deployEntityTool,
  deleteEntityTool,
  interactEndpointTool,
];
