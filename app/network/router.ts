/**
 * Chooses the route (direct or a proxy) for each origin and sends requests along it. The
 * environment's HTTPS_PROXY / HTTP_PROXY / NO_PROXY win when set; otherwise the system's answer
 * (Electron's session.resolveProxy, behind the ProxyResolver port); otherwise direct.
 *
 * A route is remembered per origin for a minute and then re-asked in the background while the
 * old answer keeps serving, so a laptop moving from the office proxy to home Wi-Fi follows along
 * without any request waiting on the question. It is an undici interceptor: the retry policy
 * and timeouts above it see one dispatcher, whichever way a request goes.
 */
import type { Dispatcher } from 'undici';
import { describeError } from '../log.ts';
import type { Logger, ProxyResolver } from '../ports.ts';
import { environmentProxy, type ProxyEnvironment } from './environment-proxy.ts';
import { asProxyFailure } from './proxy-failure.ts';
import { DIRECT, type ProxyRoute, parsePacAnswer } from './proxy-route.ts';

export interface RouterOptions {
  proxyResolver?: ProxyResolver | undefined;
  env?: ProxyEnvironment | undefined;
  logger?: Logger | undefined;
  now?: () => number;
  /** How long an answer is used before it is asked again (in the background). */
  ttlMs?: number;
}

export interface Router {
  /** The route for `origin`, asking the environment or the system when it is not known yet. */
  readonly resolve: (origin: string) => Promise<ProxyRoute>;
  /** The route known for `origin` right now (refreshed in the background once stale), if any. */
  readonly known: (origin: string) => ProxyRoute | undefined;
}

const DEFAULT_TTL_MS = 60_000;

export function createRouter(options: RouterOptions = {}): Router {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const fromEnvironment = options.env ? environmentProxy(options.env) : null;
  const answers = new Map<string, { route: ProxyRoute; at: number }>();
  const pending = new Map<string, Promise<ProxyRoute>>();

  const describe = (route: ProxyRoute) => (route.kind === 'direct' ? 'direct' : `${route.source} ${route.address}`);

  const ask = async (origin: string): Promise<ProxyRoute> => {
    const url = new URL(origin);
    if (fromEnvironment) return fromEnvironment(url);
    if (!options.proxyResolver) return DIRECT;
    try {
      const { route, skipped } = parsePacAnswer(await options.proxyResolver(`${url.origin}/`), 'system');
      if (skipped.length > 0) {
        options.logger?.warn('Skipped proxy entries Tunetray cannot use', { origin, skipped: skipped.join('; ') });
      }
      return route;
    } catch (error) {
      // Chromium goes direct when the proxy configuration cannot be evaluated; so do we.
      options.logger?.warn('Could not resolve the proxy; going direct', { origin, error: describeError(error) });
      return DIRECT;
    }
  };

  const resolve = (origin: string): Promise<ProxyRoute> => {
    const inFlight = pending.get(origin);
    if (inFlight) return inFlight;
    const question = ask(origin).then((route) => {
      pending.delete(origin);
      const before = answers.get(origin)?.route;
      answers.set(origin, { route, at: now() });
      if (!before || describe(before) !== describe(route)) {
        options.logger?.info('Network route', { origin, route: describe(route) });
      }
      return route;
    });
    pending.set(origin, question);
    return question;
  };

  return {
    resolve,
    known(origin) {
      const answer = answers.get(origin);
      if (answer && now() - answer.at > ttlMs) void resolve(origin);
      return answer?.route;
    },
  };
}

/**
 * Forwards every callback and names the proxy in an error the proxy caused, keeping the
 * original code so the retry policy above still recognises a connection failure.
 */
function namingProxy(handler: Dispatcher.DispatchHandler, address: string): Dispatcher.DispatchHandler {
  return {
    onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
    onRequestUpgrade: (controller, status, headers, socket) =>
      handler.onRequestUpgrade?.(controller, status, headers, socket),
    onResponseStart: (controller, status, headers, message) =>
      handler.onResponseStart?.(controller, status, headers, message),
    onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
    onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
    onResponseError: (controller, error) =>
      handler.onResponseError?.(controller, asProxyFailure(error, address) ?? error),
  };
}

/**
 * The interceptor: direct requests continue down the chain (the Agent it is composed on),
 * proxied ones go to the ProxyAgent for that proxy.
 */
export function routingInterceptor(
  router: Router,
  proxyDispatcher: (route: Extract<ProxyRoute, { kind: 'proxy' }>) => Dispatcher,
): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    const origin = String(opts.origin ?? '');
    const send = (route: ProxyRoute): boolean =>
      route.kind === 'direct'
        ? dispatch(opts, handler)
        : proxyDispatcher(route).dispatch(opts, namingProxy(handler, route.address));
    const known = router.known(origin);
    if (known) return send(known);
    // First request to this origin: ask, then send. `resolve` never rejects.
    void router.resolve(origin).then(send);
    return true;
  };
}
