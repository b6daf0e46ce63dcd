/**
 * An undici interceptor that counts response body bytes (decoded, what the client parses), for
 * the re-sync figure: an unchanged library should cost 304s and almost no body at all.
 */
import type { Dispatcher } from 'undici';

export interface BodyCounter {
  bytes: number;
}

export function countBodyBytes(counter: BodyCounter): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) =>
    dispatch(opts, {
      onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, status, headers, socket) =>
        handler.onRequestUpgrade?.(controller, status, headers, socket),
      onResponseStart: (controller, status, headers, message) =>
        handler.onResponseStart?.(controller, status, headers, message),
      onResponseData(controller, chunk) {
        counter.bytes += chunk.length;
        handler.onResponseData?.(controller, chunk);
      },
      onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
      onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
    });
}
