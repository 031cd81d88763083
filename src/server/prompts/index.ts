/** Every prompt the server offers (VS Code lists them as slash commands), in the order clients list them. */
import type { PromptDefinition } from './promptDefinition';
import { diagnoseWorkloadPrompt } from './diagnoseWorkload';
import { reviewChangePrompt } from './reviewChange';

export const ALL_PROMPTS: readonly PromptDefinition[] = [
  diagnoseWorkloadPrompt,
  reviewChangePrompt,
];
