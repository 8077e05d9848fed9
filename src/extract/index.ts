// The extract stage: site profiles, charset decoding and the pure page extractors the crawler calls.
export * from './siteProfile.js';
export * from './loadSiteProfiles.js';
export * from './decodeBody.js';
export * from './extractSearchPage.js';
export * from './extractItemPage.js';
export * from './extractError.js';
export * from './canonicalUrl.js';
export * from './searchUrl.js';
export { parseNumber, parsePrice, parseSales, parseInteger } from './parseNumbers.js';
export { readJsonPath } from './jsonPath.js';
export { stateFromVariable } from './embeddedState.js';
