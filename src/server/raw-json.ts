/** A JSON request body left unparsed for a batch worker (see the `rawJsonFrom` route option). */
export class RawJson {
  constructor(readonly text: string) {}

  /** Dead letters and logs see the text as received. */
  toJSON(): string {
    return this.text;
  }
}
