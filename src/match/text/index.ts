// The text core of the matching engine: normalisation, confusion classes, pinyin, automata, vocabulary.
export * from './types.js';
export { buildTextIndex, DEFAULT_TEXT_INDEX_OPTIONS, type TextIndexOptions } from './textIndex.js';
export { normalize, normalizeCopy, type NormalizedText } from './normalize.js';
export { loadVocabulary, loadContainingWords, type Vocabulary } from './vocabulary.js';
export { loadConfusionTable, type ConfusionTable } from './confusionClasses.js';
export { MatchDataError } from './dataFiles.js';
export { SHORT_LATIN_MARK } from './latinContext.js';
