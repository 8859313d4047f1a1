export type KeyScope = 'write' | 'read' | 'admin';

export interface ApiKeyRecord {
  id: string;
  name: string | null;
  scope: KeyScope;
  /** SHA-256 of the secret; the secret itself is never stored. */
  hash: string;
  /** The first characters of the secret, to recognise it in a list. */
  prefix: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface LoginTokenRecord {
  /** SHA-256 of the token. */
  hash: string;
  kind: 'login' | 'session';
  scope: KeyScope;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface ApiKeyStore {
  create(key: ApiKeyRecord): Promise<void>;
  findByHash(hash: string): Promise<ApiKeyRecord | null>;
  list(): Promise<ApiKeyRecord[]>;
  /** Returns false when no active key has that id. */
  revoke(id: string, at: number): Promise<boolean>;
  createToken(token: LoginTokenRecord): Promise<void>;
  /** Marks a one-time login token used; returns it only if it was unused and not expired. */
  consumeToken(hash: string, at: number): Promise<LoginTokenRecord | null>;
  findToken(hash: string, at: number): Promise<LoginTokenRecord | null>;
}
