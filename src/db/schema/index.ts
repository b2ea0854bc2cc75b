export * from './audit.js';
export * from './commitments.js';
export * from './imports.js';
export * from './institutions.js';
export * from './members.js';
export * from './plans.js';
export * from './accounts.js';
export * from './documents.js';
