import { useState } from 'react';
import type { Notice, SessionState } from '../../../app/model.ts';
import { useAction } from '../hooks/useAction.ts';
import { NoticeBanner } from './NoticeBanner.tsx';

type Connected = Extract<SessionState, { status: 'connected' }>;

const MEMORY_ONLY_TEXT = 'No keyring was found to protect your sign-in, so Tunetray keeps it only until it quits.';

/**
 * The banners of the connected screen: the session's notice (the reconnect reminder from two weeks
 * before Spotify's six-month limit among them, with Reconnect), and a sign-in that is not saved.
 */
export function ConnectedNotices({ state }: { state: Connected }) {
  const run = useAction();
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());
  const [enabling, setEnabling] = useState(false);
  const dismiss = (key: string) => () => setDismissed((prev) => new Set(prev).add(key));

  const { notice, tokenStorage } = state;
  const noticeKey = notice ? `notice:${notice.code}:${notice.message}` : '';

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
      return {
        label: notice.code === 'reconnect-soon' ? 'Reconnect' : 'Connect again',
        onClick: () => void run((api) => api.connect()),
      };
    default:
      return undefined;
  }
}
