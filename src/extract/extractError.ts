import { MarkwatchError } from '../common/errors.js';

/** An extraction that cannot produce a valid record; names the page and the profile field. */
export class ExtractError extends MarkwatchError {
  constructor(
    readonly url: string,
    readonly platform: string,
    /** The profile field, e.g. `item.fields.title`. */
    readonly field: string,
    detail: string,
    code = 'extract.parse',
  ) {
    super(code, `${url}: ${platform} profile field "${field}": ${detail}`);
  }
}

/** The page says the listing was taken down (下架) or no longer exists: not a parse failure. */
export class ListingOfflineError extends ExtractError {
  readonly offline = true;
  constructor(url: string, platform: string) {
    super(url, platform, 'item.offline', 'the listing is offline (taken down)', 'extract.offline');
  }
}
