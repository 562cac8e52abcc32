// The event sequences a PBX posts for real calls, for the tests, the e2e test and bench/simulate-call.ts:
// an incoming call answered at an extension, an incoming call nobody answered, an outgoing call.
import type { CallEventInput } from '@svyaz/shared';

export interface SimulatedCall {
  callId: string;
  events: CallEventInput[];
}

const at = (start: number, seconds: number) => new Date(start + seconds * 1000).toISOString();

export function incomingAnswered(options: { callId: string; from: string; to?: string; extension: string; ringSec?: number; talkSec?: number; recordingUrl?: string; start?: number }): SimulatedCall {
  const start = options.start ?? Date.now();
  const ring = options.ringSec ?? 5;
  const talk = options.talkSec ?? 95;
  const base = { callId: options.callId, direction: 'in' as const, from: options.from, to: options.to ?? '+7 495 000-00-00', extension: options.extension };
  return {
    callId: options.callId,
    events: [
      { ...base, eventId: `${options.callId}-1`, type: 'ringing', occurredAt: at(start, 0) },
      { ...base, eventId: `${options.callId}-2`, type: 'answered', occurredAt: at(start, ring) },
      { ...base, eventId: `${options.callId}-3`, type: 'ended', occurredAt: at(start, ring + talk), durationSec: talk, outcome: 'answered', ...(options.recordingUrl ? { recordingUrl: options.recordingUrl } : {}) },
    ],
  };
}

export function incomingMissed(options: { callId: string; from: string; extension: string; start?: number }): SimulatedCall {
  const start = options.start ?? Date.now();
  const base = { callId: options.callId, direction: 'in' as const, from: options.from, to: '+7 495 000-00-00', extension: options.extension };
  return {
    callId: options.callId,
    events: [
      { ...base, eventId: `${options.callId}-1`, type: 'ringing', occurredAt: at(start, 0) },
      { ...base, eventId: `${options.callId}-2`, type: 'ended', occurredAt: at(start, 30), durationSec: 0, outcome: 'missed' },
    ],
  };
}

export function outgoing(options: { callId: string; to: string; extension: string; talkSec?: number; start?: number }): SimulatedCall {
  const start = options.start ?? Date.now();
  const talk = options.talkSec ?? 40;
  const base = { callId: options.callId, direction: 'out' as const, from: options.extension, to: options.to, extension: options.extension };
  return {
    callId: options.callId,
    events: [
      { ...base, eventId: `${options.callId}-1`, type: 'ringing', occurredAt: at(start, 0) },
      { ...base, eventId: `${options.callId}-2`, type: 'answered', occurredAt: at(start, 8) },
      { ...base, eventId: `${options.callId}-3`, type: 'ended', occurredAt: at(start, 8 + talk), durationSec: talk, outcome: 'answered' },
    ],
  };
}
