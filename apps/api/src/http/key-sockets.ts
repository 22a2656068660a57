import type { KeyRevocations } from '@tollgate/services';
import { CloseCode } from 'graphql-ws';
import type { WebSocket } from 'ws';

/** What a client reads when its key is revoked; graphql-ws also answers 4403 to a reconnect with that key. */
export const REVOKED_CLOSE_REASON = 'Forbidden: this API key has been revoked';

/**
 * The open WebSockets of each API key: when a key is revoked anywhere, its
 * sockets here are closed, which ends every subscription on them.
 */
export class KeySockets {
  private readonly byKey = new Map<string, Set<WebSocket>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly revocations: KeyRevocations) {
    this.unsubscribe = revocations.onRevoked((key) => this.closeKey(key.keyId));
  }

  /** Tracks an authenticated socket; false (do not accept it) when its key was revoked meanwhile. */
  track(keyId: string, socket: WebSocket): boolean {
    // The key may have been verified just before its revocation arrived.
    if (this.revocations.wasRevoked(keyId)) return false;
    const sockets = this.byKey.get(keyId) ?? new Set<WebSocket>();
    sockets.add(socket);
    this.byKey.set(keyId, sockets);
    socket.once('close', () => {
      sockets.delete(socket);
      if (!sockets.size && this.byKey.get(keyId) === sockets) this.byKey.delete(keyId);
    });
    return true;
  }

  /** Closes every socket of a key. */
  closeKey(keyId: string): void {
    const sockets = this.byKey.get(keyId);
    if (!sockets) return;
    this.byKey.delete(keyId);
    for (const socket of sockets) socket.close(CloseCode.Forbidden, REVOKED_CLOSE_REASON);
  }

  dispose(): void {
    this.unsubscribe();
    this.byKey.clear();
  }
}
