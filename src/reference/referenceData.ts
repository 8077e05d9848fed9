import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';

/*
 * Reference data files under data/reference/ (legal tables, catalogues, periods). Each carries `source` and
 * `effectiveDate` so an officer can see where a value comes from. The path is the same from src/ and dist/.
 */

export const REFERENCE_DIR = fileURLToPath(new URL('../../data/reference/', import.meta.url));

export class ReferenceDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceDataError';
  }
}

/** Parsed JSON of data/reference/<name>; a missing or broken file is an error naming it. */
export function readReferenceJson(name: string, dir: string = REFERENCE_DIR): unknown {
  const file = `${dir}${name}`;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    throw new ReferenceDataError(`${file}: cannot read reference data: ${(err as Error).message}`);
  }
}

/** Parses with a schema; the error names the file and the first bad field. */
export function parseReference<T>(name: string, schema: z.ZodType<T>, dir: string = REFERENCE_DIR): T {
  const result = schema.safeParse(readReferenceJson(name, dir));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue ? issue.path.map(String).join('.') : '';
  throw new ReferenceDataError(`${dir}${name}: field "${path}": ${issue?.message ?? 'invalid'}`);
}
