import { useEffect, useRef } from 'react';
import type { Notice, SessionState } from '../../../app/model.ts';
import { useAction } from '../hooks/useAction.ts';
import { Spinner } from './icons.tsx';
import { NoticeBanner } from './NoticeBanner.tsx';

type Step = Extract<SessionState, { status: 'connecting' }>['step'];

const STEP_TEXT: Record<Step, string> = {
  'waiting-for-browser': 'Waiting for you to approve in your browser…',
  'exchanging-code': 'Finishing sign-in…',
  'loading-profile': 'Loading your profile…',
  'waiting-for-keyring': 'Waiting for your keyring to be unlocked…',
};

/** Sign-in in progress: what Tunetray is waiting for, and a way out. */
export function ConnectingScreen({ step, notice }: { step: Step; notice: Notice | null }) {
  const run = useAction();
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Focus lands on the heading, not on Cancel, so a stray Enter cannot end the sign-in.
  useEffect(() => headingRef.current?.focus(), []);

  return (
    <section className="screen screen-centered" aria-labelledby="connecting-title" aria-busy="true">
      <Spinner className="spinner-large" />
      <h1 id="connecting-title" className="screen-title" ref={headingRef} tabIndex={-1}>
        Connecting to Spotify
      </h1>
      <p className="lead" role="status">
        {STEP_TEXT[step]}
      </p>
      {step === 'waiting-for-browser' && (
        <p className="fine-print">
          A Spotify page opened in your web browser. After you agree there, come back here; you can close that tab.
        </p>
      )}
      {notice && <NoticeBanner level={notice.level}>{notice.message}</NoticeBanner>}
      <div className="actions actions-centered">
        {step === 'waiting-for-browser' && (
          <button type="button" className="button" onClick={() => run((api) => api.reopenBrowser())}>
            Open the page again
          </button>
        )}
        <button type="button" className="button" onClick={() => run((api) => api.cancelConnect())}>
          Cancel
        </button>
      </div>
    </section>
  );
}
