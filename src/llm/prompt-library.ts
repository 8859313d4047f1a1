import { AppError } from '../shared/index.js';
import type { PromptSource } from './ports.js';
import { parsePromptTemplate, type PromptTemplate } from './prompt-template.js';

export interface PromptLibrary {
  /** @throws AppError `prompt_template_not_found` or `invalid_prompt_template`. */
  get(name: string): Promise<PromptTemplate>;
}

/** Parsed templates by name, each read once from the source. */
export function createPromptLibrary(source: PromptSource): PromptLibrary {
  const parsed = new Map<string, Promise<PromptTemplate>>();
  return {
    get(name) {
      let template = parsed.get(name);
      if (template === undefined) {
        template = source.read(name).then((text) => {
          if (text === null)
            throw new AppError('prompt_template_not_found', `No prompt template named ${name}.`, {
              template: name,
            });
          return parsePromptTemplate(name, text);
        });
        // A failed read is not remembered: the next call tries again.
        template.catch(() => parsed.delete(name));
        parsed.set(name, template);
      }
      return template;
    },
  };
}
