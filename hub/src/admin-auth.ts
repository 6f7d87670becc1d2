/**
 * The fleet page's administrator: one password (scrypt), set by `HUB_ADMIN_PASSWORD` on first
 * start or `npm run hub -- set-admin-password`; sign-in sessions stored hashed, each with its
 * own CSRF token that every POST must carry.
 */
import type { Db } from './db.ts';
import { hashPassword, randomToken, sha256, verifyPassword } from './secrets.ts';

export const ADMIN_COOKIE = 'hub_admin';
export const LOGIN_COOKIE = 'hub_login';
const SESSION_MS = 8 * 3600_000;
export const PASSWORD_MIN = 12;

export async function setAdminPassword(db: Db, password: string, now = Date.now()): Promise<void> {
  if (password.length < PASSWORD_MIN)
    throw new Error(`The admin password needs at least ${PASSWORD_MIN} characters.`);
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO admin (id, password_hash, updated) VALUES (1, $1, $2)
       ON CONFLICT (id) DO UPDATE SET password_hash = $1, updated = $2`,
      [hash, now],
    );
    await tx.query('DELETE FROM admin_sessions'); // a new password signs everyone out
  });
}

/**
 * The first start's password: stored only if the fleet has none yet (atomic, so of instances
 * starting together one stores it). True when this one was stored, and the caller shows it once.
 */
export async function setFirstAdminPassword(db: Db, password: string, now = Date.now()): Promise<boolean> {
  if ((await db.query('SELECT 1 FROM admin WHERE id = 1')).length > 0) return false;
  const hash = await hashPassword(password);
  const rows = await db.query(
    'INSERT INTO admin (id, password_hash, updated) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING RETURNING id',
    [hash, now],
  );
  return rows.length > 0;
}

export class AdminAuth {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async hasPassword(): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM admin WHERE id = 1')).length > 0;
  }

  /** Sets the password only if none is set (the first start with HUB_ADMIN_PASSWORD). */
  async ensurePassword(initial: string | undefined): Promise<void> {
    if (initial && !(await this.hasPassword())) await setAdminPassword(this.db, initial, this.now());
  }

  /** A new sign-in session (its id for the cookie, its CSRF token), or null for a wrong password. */
  async signIn(password: string): Promise<{ id: string; csrf: string } | null> {
    const rows = await this.db.query<{ password_hash: string }>(
      'SELECT password_hash FROM admin WHERE id = 1',
    );
    const stored = rows[0]?.password_hash;
    if (!stored || !(await verifyPassword(password.slice(0, 1024), stored))) return null;
    const id = randomToken();
    const csrf = randomToken();
    const now = this.now();
    await this.db.query('DELETE FROM admin_sessions WHERE expires_at < $1', [now]);
    await this.db.query('INSERT INTO admin_sessions (id_hash, csrf, expires_at) VALUES ($1, $2, $3)', [
      sha256(id),
      csrf,
      now + SESSION_MS,
    ]);
    return { id, csrf };
  }

  /** The signed-in session's CSRF token, or null. */
  async session(cookieValue: string | undefined): Promise<{ csrf: string } | null> {
    if (!cookieValue || cookieValue.length > 100) return null;
    const rows = await this.db.query<{ csrf: string }>(
      'SELECT csrf FROM admin_sessions WHERE id_hash = $1 AND expires_at > $2',
      [sha256(cookieValue), this.now()],
    );
    return rows[0] ?? null;
  }

  async signOut(cookieValue: string | undefined): Promise<void> {
    if (cookieValue)
      await this.db.query('DELETE FROM admin_sessions WHERE id_hash = $1', [sha256(cookieValue)]);
  }
}
