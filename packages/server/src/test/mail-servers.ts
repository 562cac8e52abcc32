// Real mail servers on loopback for tests and benchmarks: an SMTP server (the smtp-server package) that
// keeps what it receives, and Dovecot (Debian's /usr/sbin/dovecot) with a throw-away configuration in a
// temporary directory: its own port, users from a passwd-file, Maildir storage in the same directory,
// running as the current user. Nothing is mocked: the code under test speaks SMTP and IMAP to them.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { ImapFlow } from 'imapflow';

export const DOVECOT = '/usr/sbin/dovecot';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Messages received so far (also when `keep` is false). */
  readonly count: number;
  /** Resolves once `count` messages have arrived (or rejects after `ms`). */
  waitFor(count: number, ms?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

/** An SMTP server on 127.0.0.1 with AUTH PLAIN/LOGIN and no TLS; `users` maps login → password. */
/** `rejectRecipient` answers RCPT TO with 550 for the addresses it picks (a bounce at send time). */
export async function startSmtpServer(users: Record<string, string>, options: { keep?: boolean; rejectRecipient?: (address: string) => boolean } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiters: { count: number; resolve: (mail: ReceivedMail[]) => void }[] = [];
  let total = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: false,
    allowInsecureAuth: true,
    logger: false,
    size: 50 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      if (auth.username && users[auth.username] !== undefined && users[auth.username] === auth.password) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipient?.(address.address)) return callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        total++;
        if (options.keep !== false) received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((item) => item.address), raw: Buffer.concat(chunks) });
        for (const waiter of [...waiters]) {
          if (total >= waiter.count) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(received);
          }
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    get count() {
      return total;
    },
    waitFor(count, ms = 20_000) {
      if (total >= count) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`SMTP server got ${total} of ${count} messages within ${ms} ms`)), ms);
        waiters.push({ count, resolve: (mail) => (clearTimeout(timer), resolve(mail)) });
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on right now (for "connection refused"). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface TestDovecot {
  port: number;
  dir: string;
  /** Appends a raw RFC 822 message to a user's folder over IMAP (APPEND), creating the folder if needed. */
  append(user: string, raw: string | Buffer, folder?: string): Promise<void>;
  /** Appends many messages over one connection. */
  appendMany(user: string, messages: (string | Buffer)[], folder?: string): Promise<void>;
  /** Writes messages straight into the user's Maildir INBOX (as a local delivery agent would): for benchmarks
   *  that need tens of thousands of messages, which APPEND one by one takes minutes to load. Call before the
   *  user's first IMAP login or between sessions; Dovecot assigns the UIDs when it next opens the folder. */
  deliverToMaildir(user: string, messages: (string | Buffer)[]): void;
  stop(): Promise<void>;
}

export function dovecotAvailable(): boolean {
  return existsSync(DOVECOT);
}

/** Starts Dovecot with plaintext IMAP on a free loopback port; `users` maps login → password. */
export async function startDovecot(users: Record<string, string>): Promise<TestDovecot> {
  const dir = mkdtempSync(path.join(tmpdir(), 'svyaz-dovecot-'));
  const me = userInfo();
  // As root (CI containers), Dovecot's login and internal processes must run as its own unprivileged users,
  // which Debian's package creates; the directory is then opened up for them to reach the sockets and users file.
  const root = me.uid === 0;
  const group = root ? 'root' : String(me.gid);
  const loginUser = root ? 'dovenull' : me.username;
  const internalUser = root ? 'dovecot' : me.username;
  if (root) chmodSync(dir, 0o755);
  const port = await freePort();
  for (const sub of ['run', 'state', 'mail', 'home']) mkdirSync(path.join(dir, sub), { recursive: true });
  // Dovecot refuses mail users with UID 0: as root the mail belongs to Dovecot's own user.
  const mailUid = root ? Number(execFileSync('id', ['-u', 'dovecot']).toString().trim()) : me.uid;
  const mailGid = root ? Number(execFileSync('id', ['-g', 'dovecot']).toString().trim()) : me.gid;
  if (root) for (const sub of ['mail', 'home']) chownSync(path.join(dir, sub), mailUid, mailGid);
  writeFileSync(path.join(dir, 'users'), Object.entries(users).map(([login, password]) => `${login}:{PLAIN}${password}:${mailUid}:${mailGid}::${dir}/home/${login}::`).join('\n') + '\n');
  writeFileSync(
    path.join(dir, 'dovecot.conf'),
    `# Throw-away test configuration (packages/server/src/test/mail-servers.ts)
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
first_valid_uid = 0
first_valid_gid = 0
default_internal_user = ${internalUser}
default_internal_group = ${root ? 'dovecot' : group}
default_login_user = ${loginUser}
mail_max_userip_connections = 100
imap_max_line_length = 1M
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/users
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  chroot =
}
service auth {
  user = ${root ? 'root' : me.username}
}
service auth-worker {
  user = ${root ? 'root' : me.username}
}
`,
  );
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Ready once the port accepts connections.
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: "127.0.0.1" }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Dovecot did not start on port ${port}: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const connect = async (user: string) => {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user, pass: users[user] }, logger: false });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  const appendMany = async (user: string, messages: (string | Buffer)[], folder = 'INBOX') => {
    const client = await connect(user);
    try {
      if (folder !== 'INBOX') await client.mailboxCreate(folder).catch(() => undefined);
      for (const raw of messages) await client.append(folder, raw, ['\\Seen']);
    } finally {
      await client.logout();
    }
  };
  const deliverToMaildir = (user: string, messages: (string | Buffer)[]) => {
    const maildir = path.join(dir, 'mail', user);
    for (const sub of ['', 'cur', 'new', 'tmp']) {
      mkdirSync(path.join(maildir, sub), { recursive: true });
      if (root) chownSync(path.join(maildir, sub), mailUid, mailGid);
    }
    const stamp = Math.floor(Date.now() / 1000);
    messages.forEach((raw, index) => {
      // Zero-padded sequence numbers keep the files in order for Dovecot's readdir-then-sort UID assignment.
      const file = path.join(maildir, 'cur', `${stamp}.M${String(index).padStart(8, '0')}P${process.pid}.bench:2,S`);
      writeFileSync(file, raw);
      if (root) chownSync(file, mailUid, mailGid);
    });
  };
  return {
    port,
    dir,
    append: (user, raw, folder) => appendMany(user, [raw], folder),
    appendMany,
    deliverToMaildir,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!process.env.KEEP_DOVECOT) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A plain RFC 822 message for tests. */
export function rawMessage(input: { from: string; to: string; subject: string; text: string; messageId: string; inReplyTo?: string; references?: string[]; date?: Date }): string {
  const lines = [
    `From: ${input.from}`,
    `To: ${input.to}`,
    `Subject: ${input.subject}`,
    `Message-ID: ${input.messageId}`,
    ...(input.inReplyTo ? [`In-Reply-To: ${input.inReplyTo}`] : []),
    ...(input.references?.length ? [`References: ${input.references.join(' ')}`] : []),
    `Date: ${(input.date ?? new Date()).toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    input.text,
    '',
  ];
  return lines.join('\r\n');
}
