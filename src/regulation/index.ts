/**
 * Export-control scoring: TPP, performance density and ECCN 3A090 verdicts (pure).
 * @module
 */

export * from './checks.ts';
export * from './profile.ts';
export * from './rules.ts';
export * from './tpp.ts';
export * from './types.ts';
export * from './what-if.ts';
