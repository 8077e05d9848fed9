/*
 * The text core's scan result as agreed in notes/INTERFACES.md. Placeholder until src/match/text/ lands, then
 * re-exported from there.
 */

export type EvasionKind =
  | 'width'
  | 'lookalike'
  | 'separator'
  | 'zero_width'
  | 'emoji'
  | 'traditional'
  | 'pinyin'
  | 'homophone'
  | 'shape'
  | 'digit'
  | 'numeral'
  | 'case'
  | 'fuzzy';

export interface Mention {
  rightId: string;
  term: string;
  field: 'title' | 'description';
  span: [number, number];
  text: string;
  evasions: EvasionKind[];
  insideWord: boolean;
  plain?: boolean;
  needsCorroboration?: boolean;
}

export interface VocabHit {
  group: string;
  term: string;
  field: 'title' | 'description';
  span: [number, number];
  text: string;
  weight: number;
  rightId?: string;
}

export interface ScanResult {
  mentions: Mention[];
  vocab: VocabHit[];
}

export interface TextScanner {
  scan(fields: { title: string; description?: string }): ScanResult;
}
