/** Invalid flags or environment: main.ts prints the message and exits with code 2. */
export class UsageError extends Error {}
