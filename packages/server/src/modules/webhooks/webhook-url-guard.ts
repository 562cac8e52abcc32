// Where a webhook may send: https to a public address. A URL is checked when it is saved (its host resolved,
// every address it resolves to must be public), and again at every connection through `guardedLookup`, which
// the sender gives node:http as its DNS lookup, so a name that later resolves to 10.0.0.1 or 169.254.169.254
// (DNS rebinding) is refused before a socket opens. With WEBHOOKS_ALLOW_LOOPBACK=true (tests, development)
// 127.0.0.0/8 and ::1 are allowed too, over http or https; no other private address ever is.
import { promises as dns, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
// IPv4-mapped (::ffff:0:0/96) and NAT64 (64:ff9b::/96) addresses are checked as the IPv4 address inside them
// (embeddedIpv4); BlockList would also match every plain IPv4 address against such a rule.
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

export function isLoopback(address: string): boolean {
  const v4 = isIP(address) === 6 ? embeddedIpv4(address) : address;
  if (v4 && isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

/** Why an address may not be sent to, or null when it may. */
export function addressProblem(address: string, allowLoopback: boolean): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  if (allowLoopback && isLoopback(address)) return null;
  const v4 = family === 6 ? embeddedIpv4(address) : address;
  const privateAddress = v4 ? blocked.check(v4, 'ipv4') : blocked.check(address, 'ipv6');
  return privateAddress ? `resolves to ${address}, a private, loopback, link-local or reserved address; webhooks are sent only to public addresses` : null;
}

/** A checked URL: its parsed form and the bare host (brackets of an IPv6 literal removed). */
export interface CheckedUrl {
  url: URL;
  host: string;
}

/** The URL's own rules (scheme, credentials, literal addresses), without DNS. Throws a message naming the problem. */
export function checkUrlSyntax(value: string, allowLoopback: boolean): CheckedUrl {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UrlProblem('must be an absolute URL such as https://example.com/hooks/svyaz');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UrlProblem('must start with https://');
  if (url.username || url.password) throw new UrlProblem('must not contain a user name or password; the signature authenticates deliveries');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw new UrlProblem('must name a host');
  const literal = isIP(host) !== 0;
  if (url.protocol === 'http:' && !(allowLoopback && (host === 'localhost' || (literal && isLoopback(host))))) {
    throw new UrlProblem(allowLoopback ? 'must start with https:// (http:// is allowed only to 127.0.0.1, ::1 or localhost)' : 'must start with https://');
  }
  if (literal) {
    const problem = addressProblem(host, allowLoopback);
    if (problem) throw new UrlProblem(problem.replace(/^resolves to /, 'points at '));
  }
  return { url, host };
}

export class UrlProblem extends Error {}

/** Resolves the host and checks every address it has; throws UrlProblem naming the first refused one. */
export async function checkUrlTarget(value: string, allowLoopback: boolean): Promise<CheckedUrl> {
  const checked = checkUrlSyntax(value, allowLoopback);
  if (isIP(checked.host) !== 0) return checked;
  let addresses: LookupAddress[];
  try {
    addresses = await dns.lookup(checked.host, { all: true, verbatim: true });
  } catch {
    throw new UrlProblem(`has a host (${checked.host}) that does not resolve`);
  }
  for (const { address } of addresses) {
    const problem = addressProblem(address, allowLoopback);
    if (problem) throw new UrlProblem(`has a host (${checked.host}) that ${problem}`);
  }
  return checked;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for node:http that refuses private addresses at connection time (DNS rebinding). */
export function guardedLookup(allowLoopback: boolean) {
  return (hostname: string, options: { all?: boolean; family?: number | string } | number, callback: LookupCallback): void => {
    const all = typeof options === 'object' && options.all === true;
    dns
      .lookup(hostname, { all: true, verbatim: true })
      .then((addresses) => {
        for (const { address } of addresses) {
          const problem = addressProblem(address, allowLoopback);
          if (problem) {
            const error = new Error(`refused: ${hostname} ${problem}`) as NodeJS.ErrnoException;
            error.code = 'EWEBHOOKADDRESS';
            callback(error, all ? [] : '', 0);
            return;
          }
        }
        if (all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, all ? [] : '', 0));
  };
}
