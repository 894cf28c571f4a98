// Public API of src/findings: summary.json as typed claims (direction, size, evidence, pad content). No tfjs.
export type { ComparisonFindings, Direction, Evidence, EvidenceKind, Findings, PadClaim, PadContentKind, ShareClaim, TermClaim } from './types.js';
export { directionOf } from './direction.js';
export { evidenceOf, MIN_SEEDS_FOR_TEST } from './evidence.js';
export { padClaim } from './pad-content.js';
export { SHARE_LIMIT, shareClaim } from './share.js';
export { buildFindings, comparisonFindings } from './build.js';
export { ablationFindings, compareLoss, type AblationFindings, type Comparison, type OriginalOnlyClaim, type WhatIfClaim } from './ablation.js';
