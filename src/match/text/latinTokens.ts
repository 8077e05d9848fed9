import { z } from 'zod';
import { packagePath } from '../../common/packageRoot.js';
import { parseJsonFile } from '../../common/jsonFile.js';
import { cachedForDefault, matchDataError } from './dataFiles.js';

/*
 * rules/match/latin-tokens.json: units, letter sizes and roman numerals, the tokens that are never look-alikes
 * of a mark (issue #13). Read once; the judge compares normalised tokens against these sets.
 */

export const LATIN_TOKENS_FILE = packagePath('rules', 'match', 'latin-tokens.json');

const word = z.string().regex(/^[a-z0-9]+$/, 'lower-case letters and digits');

export const LatinTokensFileSchema = z
  .object({
    source: z.string().min(1),
    effectiveDate: z.string().min(1),
    notes: z.string().optional(),
    units: z.array(word),
    sizes: z.array(word),
    romanNumerals: z.array(word),
  })
  .strict();

export interface LatinTokens {
  units: ReadonlySet<string>;
  sizes: ReadonlySet<string>;
  romanNumerals: ReadonlySet<string>;
}

export const loadLatinTokens = cachedForDefault(LATIN_TOKENS_FILE, (file): LatinTokens => {
  const data = parseJsonFile(file, LatinTokensFileSchema, { error: matchDataError });
  return {
    units: new Set(data.units),
    sizes: new Set(data.sizes),
    romanNumerals: new Set(data.romanNumerals),
  };
});
