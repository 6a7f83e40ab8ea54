import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

/**
 * A real IMAP server for the test: Debian's dovecot-imapd (installed by .ci/run), started in the foreground on a
 * free port with its own configuration, one user, and Maildir storage in a temporary folder.
 */
export async function startDovecot(): Promise<{
  url: (folder?: string) => string;
  port: number;
  close(): Promise<void>;
}> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tollgate-dovecot-'));
  const port = await freePort();
  // Dovecot refuses mail access as root: as root the mail belongs to nobody.
  const uid = process.getuid?.() === 0 ? 65534 : process.getuid!();
  const gid = process.getuid?.() === 0 ? 65534 : process.getgid!();
  for (const d of ['run', 'mail']) mkdirSync(path.join(dir, d), { recursive: true });
  chmodSync(dir, 0o755);
  if (process.getuid?.() === 0) chownSync(path.join(dir, 'mail'), uid, gid);
  writeFileSync(path.join(dir, 'users'), `alerts:{PLAIN}imap-secret:${uid}:${gid}::${path.join(dir, 'mail')}::\n`);
  const runAsUser =
    process.getuid?.() === 0
      ? ''
      : `default_internal_user = ${process.env.USER ?? 'nobody'}\ndefault_login_user = ${process.env.USER ?? 'nobody'}\n`;
  writeFileSync(
    path.join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/run
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = ${dir}/dovecot.log
mail_location = maildir:${dir}/mail/Maildir
first_valid_uid = 1
${runAsUser}passdb {
  driver = passwd-file
  args = ${dir}/users
}
userdb {
  driver = passwd-file
  args = ${dir}/users
}
service imap-login {
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
service imap-login {
  chroot =
}
namespace inbox {
  inbox = yes
  mailbox Handled {
    auto = create
  }
}
`,
  );
  const child: ChildProcess = spawn('/usr/sbin/dovecot', ['-F', '-c', path.join(dir, 'dovecot.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (b) => (output += b));
  child.stderr!.on('data', (b) => (output += b));
  const end = Date.now() + 15_000;
  while (!(await answers(port))) {
    if (child.exitCode !== null || Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`dovecot did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    url: (folder = 'INBOX') => `imap://alerts:imap-secret@127.0.0.1:${port}/${folder}`,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('data', (b) => {
      s.destroy();
      resolve(b.toString().startsWith('* OK'));
    });
    s.once('error', () => resolve(false));
  });
}
