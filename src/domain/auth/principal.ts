import type { Role } from '../accounts/roles';

/** Who is calling, as proven by a verified, unrevoked access token. */
export interface Principal {
  accountId: number;
  role: Role;
  jti: string;
  /** Expiry of the presented token, seconds since the epoch. */
  exp: number;
  /** Sign-in session (refresh-token family) the token belongs to. */
  sid: string;
}
