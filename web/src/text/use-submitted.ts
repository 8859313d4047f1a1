import { useState } from 'react';
import type { FormEvent } from 'react';

/** A form field's draft and the value last submitted (trimmed; blank submissions are ignored). */
export function useSubmitted(initial = '') {
  const [draft, setDraft] = useState(initial);
  const [submitted, setSubmitted] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim() !== '') setSubmitted(draft.trim());
  };
  return { draft, setDraft, submitted, submit };
}
