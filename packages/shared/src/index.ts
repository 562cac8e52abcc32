export * from './identifiers.js';
export * from './contact-points.js';
export * from './schemas.js';
export * from './error-codes.js';
export * from './orders.js';
export * from './calendar.js';
export * from './import-headers.js';
export * from './telephony.js';
