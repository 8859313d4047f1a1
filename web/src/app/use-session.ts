import { useApi } from '../api/use-api';
import type { ApiState } from '../api/use-api';
import { object, string } from '../api/decode';

export interface Session {
  scope: string;
}

const decodeSession = object<Session>({ scope: string });

/** `GET /v1/session`: the signed-in scope, or a 401 when there is no session cookie. */
export function useSession(): ApiState<Session> {
  return useApi('/v1/session', decodeSession);
}
