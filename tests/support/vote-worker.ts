/**
 * One "app process" casting votes (issue 11): connects to PostgreSQL at `DATABASE_URL` and casts, at
 * once, one ballot for each voter in `VOTERS` (JSON user ids) in election `ELECTION_ID` for
 * candidate `CANDIDATE`. Prints `{"ok":n,"alreadyVoted":n,"other":n}`. Run two at once to race two
 * processes on the same voters.
 */
import { openPostgres } from '../../src/db/client.js';
import { castVote, ElectionError } from '../../src/features/elections/commands.js';

const database = await openPostgres(process.env.DATABASE_URL!, { max: 8 });
const voters = JSON.parse(process.env.VOTERS!) as number[];
const electionId = Number(process.env.ELECTION_ID);
const candidate = Number(process.env.CANDIDATE);
/** An attempt that could not get a pool connection in time never reached the database: sent again, as a browser would. */
async function vote(userId: number) {
  for (;;) {
    try {
      return await castVote(database.db, { electionId, userId, choices: [candidate], now: new Date() });
    } catch (error) {
      if (!(error instanceof Error && /timeout exceeded when trying to connect/i.test(error.message))) throw error;
    }
  }
}
const outcomes = await Promise.allSettled(voters.map(vote));
const count = { ok: 0, alreadyVoted: 0, other: 0 };
for (const o of outcomes) {
  if (o.status === 'fulfilled') count.ok += 1;
  else if (o.reason instanceof ElectionError && o.reason.code === 'already_voted') count.alreadyVoted += 1;
  else {
    count.other += 1;
    console.error(o.reason);
  }
}
console.log(JSON.stringify(count));
await database.close();
