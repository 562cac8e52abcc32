// The child processes of bench/email.ts, each importing only what it measures, so that its peak RSS is
// the sync's (or imapflow's) and not the benchmark's own imports (nodemailer, pg-boss, every job module).
//   email-sync-child.ts imap-sync <database url> <mailbox id>   one sync, then a second one that finds nothing
//   email-sync-child.ts imap-reference <port>                   imapflow alone fetching every message
import { ImapFlow } from 'imapflow';
import { openPostgres } from '../packages/server/src/db/client.js';
import { syncMailbox } from '../packages/server/src/modules/email/imap-sync.js';

const IMAP_USER = 'bench-imap';

/** Child process: one sync of the mailbox (peak RSS of this process), then a second one. */
async function imapChild(url: string, mailboxId: string) {
  const database = await openPostgres(url);
  const rssBeforeMb = process.memoryUsage().rss / 1024 / 1024;
  const start = performance.now();
  const first = await syncMailbox(database, mailboxId);
  const firstSeconds = (performance.now() - start) / 1000;
  const secondStart = performance.now();
  const second = await syncMailbox(database, mailboxId);
  const secondMs = performance.now() - secondStart;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  await database.close();
  process.stdout.write(JSON.stringify({ rssBeforeMb, heapUsedAfterMb: process.memoryUsage().heapUsed / 1024 / 1024, stored: first.folders[0].stored, error: first.folders[0].error ?? null, firstSeconds, secondMs, secondFetched: second.folders[0].fetched, peakRssMb }));
}

/** Child process: imapflow alone fetching every message's source by UID in chunks of 500. */
async function imapReferenceChild(port: number) {
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: IMAP_USER, pass: 'secret' }, logger: false });
  await client.connect();
  const lock = await client.getMailboxLock('INBOX', { readOnly: true });
  const start = performance.now();
  let count = 0;
  const top = client.mailbox ? client.mailbox.uidNext - 1 : 0;
  for (let from = 1; from <= top; from += 500) {
    for await (const message of client.fetch(`${from}:${Math.min(top, from + 499)}`, { uid: true, source: true, internalDate: true }, { uid: true })) if (message.source) count++;
  }
  const seconds = (performance.now() - start) / 1000;
  lock.release();
  await client.logout();
  process.stdout.write(JSON.stringify({ count, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'imap-sync') await imapChild(args[0], args[1]);
else if (mode === 'imap-reference') await imapReferenceChild(Number(args[0]));
else throw new Error('usage: email-sync-child.ts imap-sync <url> <mailboxId> | imap-reference <port>');
