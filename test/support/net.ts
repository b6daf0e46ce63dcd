import { createConnection } from 'node:net';

/** True when nothing accepts connections on 127.0.0.1:`port` (a closed sign-in port). */
export function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}
