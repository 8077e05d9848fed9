/*
 * The one error base of markwatch. Every error the product raises on purpose extends it and carries a stable
 * `code` (for scripts, logs and the crawler's error classes), so callers classify by `instanceof`, never by
 * class-name strings.
 */
export class MarkwatchError extends Error {
  constructor(
    /** Stable, dotted, lower-case: e.g. `config.invalid`, `extract.parse`, `store.readonly`. */
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A MarkwatchError's code, or null for anything else (a bug, or a library's error). */
export function errorCode(err: unknown): string | null {
  return err instanceof MarkwatchError ? err.code : null;
}
