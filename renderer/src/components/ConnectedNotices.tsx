import { useState } from 'react';
import type { Notice, SessionState } from '../../../app/model.ts';
import { formatDate } from '../format.ts';
import { useAction } from '../hooks/useAction.ts';
import { useNow } from '../hooks/useNow.ts';
import { NoticeBanner } from './NoticeBanner.tsx';

type Connected = Extract<SessionState, { status: 'connected' }>;

/** Warn this long before Spotify's 6-month refresh-token limit. */
const RECONNECT_WARNING_MS = 14 * 24 * 60 * 60 * 1000;

const MEMORY_ONLY_TEXT = 'No keyring was found to protect your sign-in, so Tunetray keeps it only until it quits.';

/** The banners of the connected screen: the session's notice, the reconnect date, unsaved sign-in. */
export function ConnectedNotices({ state }: { state: Connected }) {
  const run = useAction();
  const now = useNow(60_000);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());
  const [enabling, setEnabling] = useState(false);
  const dismiss = (key: string) => () => setDismissed((prev) => new Set(prev).add(key));

  const { notice, reconnectBy, tokenStorage } = state;
  const noticeKey = notice ? `notice:${notice.code}:${notice.message}` : '';
  const reconnectKey = `reconnect:${reconnectBy}`;
  const showReconnect = reconnectBy !== null && reconnectBy - now < RECONNECT_WARNING_MS;

  const allowWeakStorage = async () => {
    if (enabling) return;
    setEnabling(true);
    await run((api) => api.updatePreferences({ allowWeakTokenStorage: true }));
    setEnabling(false);
  };

  return (
    <>
      {notice && !dismissed.has(noticeKey) && (
        <NoticeBanner level={notice.level} action={noticeAction(notice, run)} onDismiss={dismiss(noticeKey)}>
          {notice.message}
        </NoticeBanner>
      )}
      {showReconnect && !dismissed.has(reconnectKey) && (
        <NoticeBanner level="info" onDismiss={dismiss(reconnectKey)}>
          Spotify will ask you to connect again on {formatDate(reconnectBy)}.
        </NoticeBanner>
      )}
      {tokenStorage.mode === 'memory' && !dismissed.has('storage:memory') && (
        <NoticeBanner
          level="warning"
          action={{ label: 'Remember sign-in anyway', onClick: allowWeakStorage, busy: enabling }}
          onDismiss={dismiss('storage:memory')}
        >
          <p>{tokenStorage.explanation ?? MEMORY_ONLY_TEXT}</p>
          <p className="banner-detail">
            Saving it anyway uses weaker protection: anyone who can read your files could use it.
          </p>
        </NoticeBanner>
      )}
    </>
  );
}

/** The button a notice offers as its next step, where one makes sense on this screen. */
function noticeAction(notice: Notice, run: ReturnType<typeof useAction>) {
  switch (notice.action) {
    case 'retry':
      return { label: 'Try again', onClick: () => void run((api) => api.refreshLibrary()) };
    case 'connect':
      return { label: 'Connect again', onClick: () => void run((api) => api.connect()) };
    default:
      return undefined;
  }
}
