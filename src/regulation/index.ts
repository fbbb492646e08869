/**
 * Export-control scoring: TPP, performance density and ECCN 3A090 verdicts (pure).
 * @module
 */

export * from './profile.ts';
export * from './rules.ts';
export * from './tpp.ts';
