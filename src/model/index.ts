// The domain types, defined once and imported everywhere.
export * from './listing.js';
export * from './right.js';
export * from './rightRecord.js';
export * from './hit.js';
export * from './lead.js';
export * from './finding.js';
export * from './evidence.js';
export * from './run.js';
export * from './contentHash.js';
export * from './platforms.js';
export * from './labels.js';
export * from './findingDecision.js';
