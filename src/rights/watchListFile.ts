import { readFileSync } from 'node:fs';
import { WatchListSchema, type Right } from '../model/index.js';

export class WatchListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WatchListError';
  }
}

/** Reads a watch-list JSON file (`{"rights": [...]}`); an error names the file, the right and the field. */
export function loadWatchListFile(file: string): Right[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new WatchListError(`${file}: cannot read watch list: ${(err as Error).message}`);
  }
  const result = WatchListSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue ? issue.path.map(String).join('.') : '';
    const rights = (raw as { rights?: { id?: unknown }[] }).rights;
    const index = issue?.path[0] === 'rights' ? Number(issue.path[1]) : NaN;
    const id = Number.isInteger(index) ? rights?.[index]?.id : undefined;
    const where = id ? ` (right "${String(id)}")` : '';
    throw new WatchListError(`${file}: field "${path}"${where}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data.rights;
}
