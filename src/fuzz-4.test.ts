import { noInputGivesA500 } from '../tests/support/fuzz.js';

/** Every route × GET/POST × anonymous and each role × hostile input, zero 5xx: shard 4 (tests/support/fuzz.ts). */
noInputGivesA500(3);
