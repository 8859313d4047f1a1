/** Where the prompt template files are: next to this module in src/ and in dist/ (scripts/copy-prompts.js). */
export const promptsDirectory: URL = new URL('./prompts/', import.meta.url);

/** Template names are file stems like `review-insight.v1`: nothing that could leave the directory. */
export function isPromptName(name: string): boolean {
  return /^[a-z0-9]+(?:-[a-z0-9]+)*\.v\d+$/.test(name);
}
