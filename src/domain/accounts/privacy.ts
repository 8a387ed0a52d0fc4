import { isAdminRole, type Role } from './roles';

/**
 * Contact details (phone, e-mail, WeChat id) of an account, as the other APIs show them to someone else.
 *
 * The rule, the same in all five APIs (docs/decisions.md, "Privacy"): an account's own record and an
 * administrator's view (roles `admin` and `sysadmin`) show them in full; everyone else sees them masked.
 * A liaison is not an administrator: it coordinates lesson tasks, it does not manage accounts.
 * Masking keeps each field a string of the same kind (a masked e-mail still has its `@` and domain) and
 * null stays null, so every response schema stays valid.
 */

/** Who is looking: the caller of a route (a Principal fits), or null for nobody signed in. */
export interface Viewer {
  accountId: number;
  role: Role;
}

/** Full for the account itself and for administrators; masked for everyone else (and for nobody signed in). */
export function seesContactOf(viewer: Viewer | null | undefined, ownerId: number): boolean {
  return !!viewer && (viewer.accountId === ownerId || isAdminRole(viewer.role));
}

/** A value-preserving mapper: a string gives a string, null gives null, undefined gives undefined. */
export interface Masker {
  (value: string): string;
  (value: string | null): string | null;
  (value: string | null | undefined): string | null | undefined;
}

const HIDDEN = '****';

/**
 * `13833916349` → `138****6349`: the first 3 and the last 4 characters around four asterisks, for a
 * number of 11 characters or more. A shorter one would show (nearly) all of itself that way, so it keeps
 * only as many of its last characters as leave at least four hidden (`12345678` → `****5678`,
 * `123456` → `****56`, `1234` → `****`). The asterisks are always four: the length is not told.
 */
export function maskPhoneText(phone: string): string {
  const chars = Array.from(phone);
  const n = chars.length;
  if (n === 0) return '';
  if (n >= 11) return `${chars.slice(0, 3).join('')}${HIDDEN}${chars.slice(-4).join('')}`;
  const shown = Math.min(4, n - 4);
  return shown > 0 ? `${HIDDEN}${chars.slice(-shown).join('')}` : HIDDEN;
}

/**
 * `teacher@example.com` → `t***@example.com`: the first character of the local part, three asterisks,
 * the domain. A one-character local part would be shown whole, so it keeps none (`a@x.cn` → `***@x.cn`).
 * Text without an `@` is masked as a handle.
 */
export function maskEmailText(email: string): string {
  if (email === '') return '';
  const at = email.lastIndexOf('@');
  if (at < 0) return maskHandleText(email);
  return `${maskHandleText(email.slice(0, at)) || '***'}${email.slice(at)}`;
}

/** A name-like contact (a WeChat id): its first character and three asterisks; one character or none shows none. */
export function maskHandleText(handle: string): string {
  const chars = Array.from(handle);
  if (chars.length === 0) return '';
  return chars.length === 1 ? '***' : `${chars[0]}***`;
}

const nullSafe = (mask: (v: string) => string): Masker => ((v: string | null | undefined) => (v == null ? v : mask(v))) as Masker;
const asIs: Masker = ((v: string | null | undefined) => v) as Masker;

export const maskPhone = nullSafe(maskPhoneText);
export const maskEmail = nullSafe(maskEmailText);
export const maskHandle = nullSafe(maskHandleText);

/** How one viewer sees one account's contact fields: each function returns the value in full or masked. */
export interface ContactView {
  full: boolean;
  phone: Masker;
  email: Masker;
  /** A WeChat id or a similar handle. */
  handle: Masker;
}

const FULL: ContactView = { full: true, phone: asIs, email: asIs, handle: asIs };
const MASKED: ContactView = { full: false, phone: maskPhone, email: maskEmail, handle: maskHandle };

/**
 * The one decision every view makes before it shows an account's phone, e-mail or WeChat id to a caller:
 * `contactView(principal, account.id).email(account.email)`.
 */
export const contactView = (viewer: Viewer | null | undefined, ownerId: number): ContactView =>
  seesContactOf(viewer, ownerId) ? FULL : MASKED;
