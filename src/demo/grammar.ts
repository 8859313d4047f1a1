/** Verb forms that agree with a product noun, for text templates: `{is}`, `{was}`, `{has}`, `{does}`, `{it}`, `{s}`. */
export function agreement(noun: string): Record<string, string> {
  const plural = noun.endsWith('s') && !noun.endsWith('ss');
  return plural
    ? { is: 'are', was: 'were', has: 'have', does: 'do', it: 'they', them: 'them', s: '' }
    : { is: 'is', was: 'was', has: 'has', does: 'does', it: 'it', them: 'it', s: 's' };
}

/** Replaces `{key}` placeholders; unknown keys stay as they are. */
export function fillTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => vars[key] ?? m);
}
