/** An extraction that cannot produce a valid record; names the page and the profile field. */
export class ExtractError extends Error {
  constructor(
    readonly url: string,
    readonly platform: string,
    /** The profile field, e.g. `item.fields.title`. */
    readonly field: string,
    detail: string,
  ) {
    super(`${url}: ${platform} profile field "${field}": ${detail}`);
    this.name = 'ExtractError';
  }
}
