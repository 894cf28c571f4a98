/**
 * Public API of the report: figure spec builders, tables, narrative, the HTML report and exports.
 */
export * from './assets.js';
export * from './escape.js';
export * from './export.js';
export * from './figures/index.js';
export * from './format.js';
export * from './html.js';
export * from './narrative.js';
export * from './render.js';
export * from './report-limit.js';
export * from './pdf.js';
export * from './numbers.js';
export * from './provenance-comment.js';
export * from './macro-name.js';
export * from './tables.js';
export * from './theme.js';
export * from './experiment.js';
export * from './answers.js';
export * from './claim-words.js';
export * from './glossary.js';
