import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/* Paths of the text core's data files; the same from src/ and dist/ (three levels below the repo root). */

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CONFUSION_FILE = `${REPO_ROOT}data/confusion/confusion-classes.json`;
export const VOCABULARY_FILE = `${REPO_ROOT}rules/match/vocabulary.json`;
export const CONTAINING_WORDS_FILE = `${REPO_ROOT}rules/match/containing-words.json`;

export class MatchDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MatchDataError';
  }
}

export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    throw new MatchDataError(`${file}: 无法读取 (cannot read): ${(err as Error).message}`);
  }
}
