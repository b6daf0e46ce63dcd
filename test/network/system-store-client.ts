/**
 * Run by trust.test.ts in a child process whose "operating system store" is only the test's CA
 * (SSL_CERT_FILE / SSL_CERT_DIR, which Node reads for the system store on Linux): one request
 * through Tunetray's transport, printing the status or the error code.
 * Usage: node system-store-client.ts <url> <token> <system|no-system>
 */
import { request } from 'undici';
import { createSpotifyTransport } from '../../app/spotify/http.ts';

const [url = '', token = '', mode = 'system'] = process.argv.slice(2);
const transport = createSpotifyTransport({ network: { systemCaStore: mode === 'system' }, maxRetries: 0 });
try {
  const res = await request(url, { dispatcher: transport.dispatcher, headers: { authorization: `Bearer ${token}` } });
  await res.body.dump();
  console.log(`status ${res.statusCode}`);
} catch (error) {
  console.log(`error ${(error as { code?: string }).code ?? String(error)}`);
} finally {
  await transport.close();
}
