/** The verdict on one untrusted value: its normalized form, or a stable reason code with a sentence for people. */
export type Checked<T, R extends string> =
  { ok: true; value: T; changed: boolean } | { ok: false; reason: R; message: string };

export function invalid<R extends string>(
  reason: R,
  message: string,
): { ok: false; reason: R; message: string } {
  return { ok: false, reason, message };
}
