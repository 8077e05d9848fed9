/*
 * The text core's public shapes (agreed in notes/INTERFACES.md; fields may only be added, optionally).
 * The policy layer (src/match/engine.ts) builds Hits from these.
 */

export const EVASION_KINDS = [
  'width',
  'lookalike',
  'separator',
  'zero_width',
  'emoji',
  'traditional',
  'pinyin',
  'homophone',
  'shape',
  'digit',
  'numeral',
  'case',
  'fuzzy',
] as const;
export type EvasionKind = (typeof EVASION_KINDS)[number];

export type TextFieldName = 'title' | 'description';

/** How the mention was found, strongest first (matching.md §1: exact > alias > canonical > pinyin > fuzzy). */
export type MatchVia = 'name' | 'alias' | 'canonical' | 'pinyin' | 'fuzzy';

export interface Mention {
  rightId: string;
  /** The watched name or alias as written in the right. */
  term: string;
  field: TextFieldName;
  /** [start, end) in UTF-16 units of the original field text. */
  span: [number, number];
  /** The original text covered by the span. */
  text: string;
  /**
   * Evasion kinds crossed between the term and the text. Empty = verbatim; `['case']` = only the letter case
   * differs (counts as the plain mark, see `plain`).
   */
  evasions: EvasionKind[];
  /** Latin mark glued to other Latin letters, or a CJK mark inside a listed longer unrelated word. */
  insideWord: boolean;
  /** True when the text is the plain mark: evasions empty or only `case`. */
  plain?: boolean;
  /** Which pass found it. */
  via?: MatchVia;
  /**
   * Pinyin or homophone hit on a mark of at most two Han characters: the policy must require corroboration
   * (category, vocabulary or price), matching.md §7.
   */
  needsCorroboration?: boolean;
  /**
   * Why this mention alone is not evidence (then `needsCorroboration` is true): `short_mark` (a 2-character
   * Chinese or ≤ 3-letter Latin mark reached by a shape, sound, look-alike or fuzzy form), `everyday_word`
   * or `place_name` (the span is, or lies inside, that word of the segmentation dictionary), `dictionary_word`
   * (a fuzzy Latin match that is itself an English word). `word` is the word that contains the span.
   * The policy needs a second, independent signal before such a mention can make a lead.
   */
  corroboration?: { reason: CorroborationReason; word?: string };
}

export type CorroborationReason = 'short_mark' | 'everyday_word' | 'place_name' | 'dictionary_word';

export interface VocabHit {
  group: string;
  term: string;
  field: TextFieldName;
  span: [number, number];
  text: string;
  weight: number;
  /** For `{mark}风`-style pattern terms: the right whose mention the pattern attached to. */
  rightId?: string;
}

export interface ScanFields {
  title: string;
  description?: string;
}

export interface ScanResult {
  mentions: Mention[];
  vocab: VocabHit[];
}

export interface TextIndex {
  scan(fields: ScanFields): ScanResult;
  /** Sizes, for the bench and for logs. */
  readonly stats: TextIndexStats;
}

export interface TextIndexStats {
  rights: number;
  patterns: number;
  canonicalPatterns: number;
  pinyinPatterns: number;
  fuzzyMarks: number;
  vocabularyTerms: number;
  buildMs: number;
}
