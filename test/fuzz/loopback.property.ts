/**
 * The loopback callback server (app/auth/loopback-server.ts) over real sockets: before the one
 * valid callback, a burst of requests that are not it (any method, path, query, header, body;
 * half-sent, left open, or not HTTP at all). For every case:
 * - none of them ends the sign-in or gets a success page;
 * - the valid callback that follows still ends it, promptly, with its own code (or the denial);
 * - closing the server then drops every connection, half-open ones included, and frees the port.
 *
 * Requests are generated as templates because the state exists only once the server runs:
 * `state` slots say how the real state is used (exactly, twice, one character off...).
 */
import fc from 'fast-check';
import { startLoopbackServer } from '../../app/auth/loopback-server.ts';
import { createState } from '../../app/auth/pkce.ts';
import { AppError } from '../../app/result.ts';
import { portIsClosed } from '../support/net.ts';
import { createMemoryLogger } from '../support/ports.ts';
import { hugeString, within } from './arbitraries.ts';
import { defineBoundary } from './boundary.ts';
import { answered, openRaw, type RawExchange, writeRaw } from './raw-http.ts';

/** How a query value uses the real state (or the code the valid callback carries). */
type Slot =
  | { use: 'state'; how: 'exact' | 'encoded' | 'prefix' | 'suffix' | 'flipped' | 'empty' }
  | { use: 'code' }
  | { use: 'text'; text: string };

interface Target {
  path: string;
  params: Array<[string, Slot]>;
}

interface RequestTemplate {
  method: string;
  target: Target;
  version: string;
  headers: Array<[string, string]>;
  body: string;
  /** complete: all bytes; truncated: a prefix, then FIN; half-open: a prefix, and the socket kept open. */
  ending: 'complete' | 'truncated' | 'half-open';
  /** Where a truncated request is cut, as a fraction of its length; also where a complete one is split. */
  cut: number;
}

type Junk = { kind: 'request'; request: RequestTemplate } | { kind: 'bytes'; bytes: string; keepOpen: boolean };

interface LoopbackCase {
  junk: Junk[];
  callback: RequestTemplate;
  /** The valid callback is a denial (error=access_denied) rather than a code. */
  denial: boolean;
}

const urlChar = fc.constantFrom(
  ...'abcXYZ019-._~!$&\'()*+,;=:@/?#[]%"<>\\^`{|} \t'.split(''),
  '%00',
  '%zz',
  '%',
  '%E0%A4%A',
  '%2F',
  '%3F',
  '%26',
  '\u00e9',
  '\u202e',
);
const urlText = fc.array(urlChar, { maxLength: 24 }).map((chars) => chars.join(''));
const paramName = fc.oneof(
  fc.constantFrom('state', 'code', 'error', 'State', 'CODE', 'error_description', '', 'state[]', 'code%00'),
  urlText,
);
const junkSlot: fc.Arbitrary<Slot> = fc.oneof(
  fc.record({ use: fc.constant('state' as const), how: fc.constantFrom('prefix', 'suffix', 'flipped', 'empty') }),
  fc.record({ use: fc.constant('code' as const) }),
  fc.record({
    use: fc.constant('text' as const),
    text: fc.oneof(
      urlText,
      hugeString.map((s) => s.slice(0, 20_000)),
    ),
  }),
) as fc.Arbitrary<Slot>;

const method = fc.oneof(
  fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE', 'PRI', 'get', 'GeT'),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const path = fc.oneof(
  fc.constantFrom(
    '/callback',
    '/callback/',
    '/Callback',
    '/callback%2F',
    '//evil.example/callback',
    '/x/../callback',
    '/callback;x',
    '/callback#',
    '*',
    '/',
    '/favicon.ico',
    'http://127.0.0.1/callback',
    '',
  ),
  urlText.map((text) => `/${text}`),
);
const version = fc.constantFrom(
  'HTTP/1.1',
  'HTTP/1.1',
  'HTTP/1.0',
  'HTTP/2.0',
  'HTTP/9.9',
  'http/1.1',
  '',
  'HTTP/1.1 x',
);
const headerName = fc.oneof(
  fc.constantFrom(
    'Host',
    'Content-Length',
    'Transfer-Encoding',
    'Expect',
    'Connection',
    'Upgrade',
    'Cookie',
    'Referer',
    'X-Forwarded-For',
    'Authorization',
  ),
  fc.string({ minLength: 0, maxLength: 16 }),
);
const headerValue = fc.oneof(
  fc.constantFrom(
    'chunked',
    '100-continue',
    'upgrade',
    'websocket',
    'h2c',
    '-1',
    '99999999999',
    '0',
    'close',
    'keep-alive',
  ),
  fc.string({ maxLength: 40 }),
  fc.nat({ max: 64 }).map(String),
  hugeString.map((s) => s.slice(0, 40_000)),
);
const headers = fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 });
const body = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('0\r\n\r\n', 'zz\r\nxx\r\n', '5\r\nhello\r\n0\r\n\r\nGET /callback HTTP/1.1\r\n\r\n'),
);
const ending = fc.constantFrom('complete', 'complete', 'truncated', 'half-open' as const) as fc.Arbitrary<
  RequestTemplate['ending']
>;
const cut = fc.double({ min: 0, max: 1, noNaN: true });

const anyRequest: fc.Arbitrary<RequestTemplate> = fc.record({
  method,
  target: fc.record({ path, params: fc.array(fc.tuple(paramName, junkSlot), { maxLength: 6 }) }),
  version,
  headers,
  body,
  ending,
  cut,
});

const exact: Slot = { use: 'state', how: 'exact' };
const code: Slot = { use: 'code' };
/** A query parameter a browser could really send beside state and code: unreserved characters only. */
const extraParam = fc.tuple(
  fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/).filter((name) => !['state', 'code', 'error'].includes(name)),
  fc.record({ use: fc.constant('text' as const), text: fc.stringMatching(/^[A-Za-z0-9._~%-]{0,20}$/) }),
) as fc.Arbitrary<[string, Slot]>;

/** The real state in place, but exactly one thing about the request is not the callback. */
const nearMiss: fc.Arbitrary<RequestTemplate> = fc
  .record({
    defect: fc.constantFrom(
      'method',
      'path',
      'version',
      'state-twice',
      'code-twice',
      'code-empty',
      'no-code',
      'state-missing',
      'cut-before-headers-end',
    ),
    method: method.filter((m) => m !== 'GET'),
    path: path.filter((p) => p !== '/callback' && p !== 'http://127.0.0.1/callback'),
    version: version.filter((v) => v !== 'HTTP/1.1' && v !== 'HTTP/1.0'),
    extras: fc.array(extraParam, { maxLength: 3 }),
    cut,
  })
  .map(({ defect, method: m, path: p, version: v, extras, cut: c }): RequestTemplate => {
    const params: Array<[string, Slot]> = [['state', exact], ['code', code], ...extras];
    if (defect === 'state-twice') params.push(['state', exact]);
    if (defect === 'code-twice') params.push(['code', { use: 'text', text: 'another-code' }]);
    if (defect === 'code-empty') params[1] = ['code', { use: 'text', text: '' }];
    if (defect === 'no-code') params.splice(1, 1);
    if (defect === 'state-missing') params.splice(0, 1);
    return {
      method: defect === 'method' ? m : 'GET',
      target: { path: defect === 'path' ? p : '/callback', params },
      version: defect === 'version' ? v : 'HTTP/1.1',
      headers: [['Host', '127.0.0.1']],
      body: '',
      ending: defect === 'cut-before-headers-end' ? 'truncated' : 'complete',
      cut: c,
    };
  });

const junk: fc.Arbitrary<Junk> = fc.oneof(
  { weight: 4, arbitrary: anyRequest.map((request) => ({ kind: 'request' as const, request })) },
  { weight: 4, arbitrary: nearMiss.map((request) => ({ kind: 'request' as const, request })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ bytes: fc.uint8Array({ maxLength: 300 }), keepOpen: fc.boolean() })
      .map(({ bytes, keepOpen }) => ({
        kind: 'bytes' as const,
        bytes: Buffer.from(bytes).toString('latin1'),
        keepOpen,
      })),
  },
);

const legalHeader = fc.tuple(
  fc.constantFrom('User-Agent', 'Accept', 'Accept-Language', 'Cookie', 'Referer', 'X-Anything', 'Cache-Control'),
  fc.stringMatching(/^[ -~]{0,60}$/).map((v) => v.trim()),
);
const validCallback = fc
  .record({
    stateHow: fc.constantFrom('exact', 'encoded' as const),
    extras: fc.array(extraParam, { maxLength: 3 }),
    order: fc.nat(),
    version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0'),
    headers: fc.array(legalHeader, { maxLength: 4 }),
    connection: fc.constantFrom('keep-alive', 'close', ''),
    split: cut,
    denial: fc.boolean(),
  })
  .map(({ stateHow, extras, order, version: v, headers: h, connection, split, denial }) => {
    const answer: [string, Slot] = denial ? ['error', { use: 'text', text: 'access_denied' }] : ['code', code];
    const params: Array<[string, Slot]> = [...extras];
    params.splice(order % (params.length + 1), 0, ['state', { use: 'state', how: stateHow }]);
    params.splice((order >> 3) % (params.length + 1), 0, answer);
    const all: Array<[string, string]> = [['Host', '127.0.0.1'], ...h];
    if (connection) all.push(['Connection', connection]);
    const callback: RequestTemplate = {
      method: 'GET',
      target: { path: '/callback', params },
      version: v,
      headers: all,
      body: '',
      ending: 'complete',
      cut: split,
    };
    return { callback, denial };
  });

const cases: fc.Arbitrary<LoopbackCase> = fc
  .record({ junk: fc.array(junk, { minLength: 1, maxLength: 4 }), valid: validCallback })
  .map(({ junk: j, valid }) => ({ junk: j, callback: valid.callback, denial: valid.denial }));

function flip(state: string): string {
  const at = state.search(/[A-Za-z]/);
  if (at < 0) return `${state}A`;
  const c = state[at] as string;
  const flipped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
  return `${state.slice(0, at)}${flipped}${state.slice(at + 1)}`;
}

function render(request: RequestTemplate, state: string, codeValue: string): string {
  const value = (slot: Slot): string => {
    if (slot.use === 'code') return codeValue;
    if (slot.use === 'text') return slot.text;
    switch (slot.how) {
      case 'exact':
        return state;
      case 'encoded':
        return [...state].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');
      case 'prefix':
        return state.slice(0, -1);
      case 'suffix':
        return `${state}x`;
      case 'flipped':
        return flip(state);
      case 'empty':
        return '';
    }
  };
  const query = request.target.params.map(([name, slot]) => `${name}=${value(slot)}`).join('&');
  const target = query ? `${request.target.path}?${query}` : request.target.path;
  const head = [`${request.method} ${target} ${request.version}`.trimEnd()];
  for (const [name, v] of request.headers) head.push(`${name}: ${v}`);
  return `${head.join('\r\n')}\r\n\r\n${request.body}`;
}

export const loopbackBoundary = defineBoundary<LoopbackCase>({
  name: 'loopback',
  testRuns: 150,
  async open() {
    const property = fc.asyncProperty(cases, async (item) => {
      const state = createState();
      const codeValue = `code-${createState()}`;
      const logger = createMemoryLogger();
      const server = await startLoopbackServer({ expectedState: state, logger });
      let outcome: { code: string } | { error: unknown } | null = null;
      server.code.then(
        (c) => {
          outcome = { code: c };
        },
        (error: unknown) => {
          outcome = { error };
        },
      );
      const sockets: RawExchange[] = [];
      try {
        for (const [index, entry] of item.junk.entries()) {
          const exchange = await openRaw(server.port);
          sockets.push(exchange);
          if (entry.kind === 'bytes') {
            await writeRaw(exchange, entry.bytes);
            if (!entry.keepOpen) exchange.socket.end();
            await answered(exchange, entry.keepOpen ? 5 : 300);
          } else {
            const bytes = render(entry.request, state, codeValue);
            const at = Math.floor(bytes.length * entry.request.cut);
            if (entry.request.ending === 'complete') {
              await writeRaw(exchange, bytes, at);
              await answered(exchange, 500);
            } else {
              // A cut request must stop before the blank line that ends its headers.
              const headEnd = bytes.indexOf('\r\n\r\n');
              await writeRaw(exchange, bytes.slice(0, Math.min(at, headEnd < 0 ? at : headEnd + 2)));
              if (entry.request.ending === 'truncated') exchange.socket.end();
              await answered(exchange, 5);
            }
          }
          if (exchange.status() === 200) throw new Error(`junk request ${index} got a success page`);
          if (outcome !== null) throw new Error(`junk request ${index} ended the sign-in: ${describe(outcome)}`);
        }

        const exchange = await openRaw(server.port);
        sockets.push(exchange);
        const bytes = render(item.callback, state, codeValue);
        await writeRaw(exchange, bytes, Math.floor(bytes.length * item.callback.cut));
        const ended = await within(
          server.code.then(
            (c) => ({ code: c }),
            (error: unknown) => ({ error }),
          ),
          3_000,
          'the sign-in after the valid callback',
        );
        if (item.denial) {
          if (!('error' in ended) || !(ended.error instanceof AppError) || ended.error.code !== 'access-denied') {
            throw new Error(`the denial ended the sign-in with ${describe(ended)}`);
          }
        } else if (!('code' in ended) || ended.code !== codeValue) {
          throw new Error(`the valid callback ended the sign-in with ${describe(ended)}`);
        }
        await answered(exchange, 3_000);
        if (exchange.status() !== 200) throw new Error(`the valid callback was answered ${exchange.status()}`);
      } finally {
        await within(server.close(), 3_000, 'closing the loopback server');
        await within(Promise.all(sockets.map((s) => s.closed)), 3_000, 'the server dropping every connection');
      }
      if (!(await portIsClosed(server.port))) throw new Error('the port still accepts connections after close');
    });
    return { property, close: async () => {} };
  },
});

function describe(outcome: { code: string } | { error: unknown }): string {
  if ('code' in outcome) return `a code (${outcome.code.slice(0, 12)}…)`;
  return outcome.error instanceof AppError ? `${outcome.error.code}: ${outcome.error.message}` : String(outcome.error);
}
