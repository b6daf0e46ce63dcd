/**
 * Browser-side memory of the accounts service: pending consent screens (tickets) and the
 * per-browser session cookie that remembers who is signed in and what they already approved.
 */
import { randomToken } from '../ids.ts';

export const SESSION_COOKIE = 'sp_emu_session';
const TICKET_LIFETIME_MS = 30 * 60_000;
const MAX_ENTRIES = 2000;

/** A validated /authorize request waiting for the user's decision on the consent page. */
export interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  codeChallenge: string | null;
  createdAt: number;
}

interface BrowserSession {
  userId: string | null;
  /** `${clientId}\n${userId}` -> scopes approved so far. */
  approvals: Map<string, Set<string>>;
}

function bounded<K, V>(map: Map<K, V>): void {
  // Maps iterate in insertion order: dropping the first entries drops the oldest.
  while (map.size > MAX_ENTRIES) {
    const first = map.keys().next();
    if (first.done) return;
    map.delete(first.value);
  }
}

export class ConsentStore {
  private readonly tickets = new Map<string, PendingAuthorization>();
  private readonly sessions = new Map<string, BrowserSession>();

  createTicket(p: PendingAuthorization): string {
    const ticket = randomToken('', 24);
    this.tickets.set(ticket, p);
    bounded(this.tickets);
    return ticket;
  }

  /** Single use: a consent form can be submitted once. */
  takeTicket(ticket: string, now: number): PendingAuthorization | null {
    const p = this.tickets.get(ticket);
    if (!p) return null;
    this.tickets.delete(ticket);
    return now - p.createdAt > TICKET_LIFETIME_MS ? null : p;
  }

  /** Returns the session for a cookie value, or null when the cookie is absent or unknown. */
  session(id: string | undefined): BrowserSession | null {
    return id === undefined ? null : (this.sessions.get(id) ?? null);
  }

  newSession(): string {
    const id = randomToken('', 18);
    this.sessions.set(id, { userId: null, approvals: new Map() });
    bounded(this.sessions);
    return id;
  }

  /** The signed-in user of this browser may skip the consent page if they already approved all scopes. */
  rememberedUser(sessionId: string | undefined, clientId: string, scopes: ReadonlyArray<string>): string | null {
    const s = this.session(sessionId);
    if (!s || s.userId === null) return null;
    const approved = s.approvals.get(`${clientId}\n${s.userId}`);
    if (!approved) return null;
    return scopes.every((x) => approved.has(x)) ? s.userId : null;
  }

  recordApproval(sessionId: string, clientId: string, userId: string, scopes: ReadonlyArray<string>): void {
    let s = this.sessions.get(sessionId);
    if (!s) {
      s = { userId: null, approvals: new Map() };
      this.sessions.set(sessionId, s);
    }
    s.userId = userId;
    const key = `${clientId}\n${userId}`;
    const set = s.approvals.get(key) ?? new Set<string>();
    for (const x of scopes) set.add(x);
    s.approvals.set(key, set);
  }

  signedInUser(sessionId: string | undefined): string | null {
    return this.session(sessionId)?.userId ?? null;
  }
}
