import { hostileInputMessages, noInputGivesA500 } from '../tests/support/fuzz.js';

/**
 * No input gives a 500 (tests/support/fuzz.ts): the clear messages hostile input gets, and the first
 * of the shards of the walk over every route (the others are src/fuzz-2..4.test.ts, run side by side).
 */
hostileInputMessages();
noInputGivesA500(0);
