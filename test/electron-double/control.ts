/**
 * The child's end of the control channel: answers the test's requests with the operations the
 * double's modules provide, and reports events (ready, tray created, URLs opened, faults) as they happen.
 * Without an IPC channel (the process was started by hand) events are dropped and nothing is answered.
 */
import type { ChildMessage, ControlOp, ControlOps, ControlRequest, DoubleEvent } from './messages.ts';

type Handler<K extends ControlOp> = (arg: ControlOps[K][0]) => ControlOps[K][1] | Promise<ControlOps[K][1]>;
type Handlers = { [K in ControlOp]?: Handler<K> };

const handlers: Handlers = {};

export function provide(ops: Handlers): void {
  Object.assign(handlers, ops);
}

function send(message: ChildMessage): void {
  if (process.connected) process.send?.(message);
}

export function report(event: DoubleEvent): void {
  send({ event });
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function answer(request: ControlRequest): Promise<void> {
  const handler = handlers[request.op] as Handler<ControlOp> | undefined;
  if (!handler) {
    send({ reply: { id: request.id, ok: false, error: `electron double: no control operation '${request.op}'` } });
    return;
  }
  try {
    const value = await handler(request.arg as never);
    send({ reply: { id: request.id, ok: true, value } });
  } catch (error) {
    send({ reply: { id: request.id, ok: false, error: describe(error) } });
  }
}

export function listen(): void {
  process.on('message', (message: unknown) => {
    if (message && typeof message === 'object' && 'op' in message && 'id' in message) {
      void answer(message as ControlRequest);
    }
  });
  // The test went away (or was killed): an app left running would hold ports and the profile lock.
  process.on('disconnect', () => process.exit(70));
}
