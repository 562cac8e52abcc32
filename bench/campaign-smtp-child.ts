// The SMTP server of bench/campaign-send.ts in its own process (so the sender's CPU and peak RSS are its own):
// the smtp-server package from the tests, keeping nothing; answers { port } once listening and { count } when asked.
import { startSmtpServer } from '../packages/server/src/test/mail-servers.js';

const server = await startSmtpServer({ 'bench@campaign.test': 'secret' }, { keep: false });
process.send!({ port: server.port });
process.on('message', (message: { ask?: string }) => {
  if (message.ask === 'count') process.send!({ count: server.count });
  if (message.ask === 'stop') void server.stop().then(() => process.exit(0));
});
