// Plays a real call against a running Svyaz (npm start): the events a PBX posts for an incoming call that is
// answered (or missed, or an outgoing call), with the integration's secret, a second or two apart, so the
// pop-up can be watched in the browser of the user whose extension rings.
//   node --import tsx bench/simulate-call.ts --secret svt_… --from "+7 916 123-45-67" --extension 101 [--missed|--outgoing] [--url http://127.0.0.1:3000] [--talk 20]
import { parseArgs } from 'node:util';
import { incomingAnswered, incomingMissed, outgoing } from '../packages/server/src/modules/telephony/call-simulator.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    secret: { type: 'string' },
    from: { type: 'string', default: '+7 916 123-45-67' },
    extension: { type: 'string', default: '101' },
    talk: { type: 'string', default: '20' },
    pause: { type: 'string', default: '4' },
    missed: { type: 'boolean', default: false },
    outgoing: { type: 'boolean', default: false },
  },
});
if (!values.secret) {
  console.error('--secret is required: the integration secret shown once in Settings → Telephony');
  process.exit(2);
}
const callId = `sim-${Date.now()}`;
const talkSec = Number(values.talk);
const call = values.outgoing
  ? outgoing({ callId, to: values.from!, extension: values.extension!, talkSec })
  : values.missed
    ? incomingMissed({ callId, from: values.from!, extension: values.extension! })
    : incomingAnswered({ callId, from: values.from!, extension: values.extension!, talkSec });
for (const [index, event] of call.events.entries()) {
  if (index > 0) await new Promise((resolve) => setTimeout(resolve, Number(values.pause) * 1000));
  const response = await fetch(`${values.url}/api/v1/telephony/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${values.secret}` },
    body: JSON.stringify({ ...event, occurredAt: new Date().toISOString() }),
  });
  console.log(`${event.type.padEnd(8)} → ${response.status} ${await response.text()}`);
  if (!response.ok) process.exit(1);
}
