import { useState } from 'react';
import type { Notice } from '../../../app/model.ts';
import { useAction } from '../hooks/useAction.ts';
import { LogoMark, Spinner } from './icons.tsx';
import { NoticeBanner } from './NoticeBanner.tsx';

/** Set up, not connected: one obvious button, and why the person is here if Spotify ended the session. */
export function SignedOutScreen({ notice, onChangeClientId }: { notice: Notice | null; onChangeClientId: () => void }) {
  const run = useAction();
  const [starting, setStarting] = useState(false);

  const connect = async () => {
    if (starting) return;
    setStarting(true);
    // Resolves only when sign-in ends; until then the session moves to "connecting" and this screen goes away.
    await run((api) => api.connect());
    setStarting(false);
  };

  return (
    <section className="screen screen-centered" aria-labelledby="signed-out-title">
      <LogoMark className="logo" />
      <h1 id="signed-out-title" className="screen-title">
        Tunetray
      </h1>
      <p className="lead">Connect your Spotify account to see your playlists here and in the tray menu.</p>
      {notice && <NoticeBanner level={notice.level}>{notice.message}</NoticeBanner>}
      <button
        type="button"
        className="button button-primary button-large"
        onClick={connect}
        aria-disabled={starting || undefined}
        // biome-ignore lint/a11y/noAutofocus: the only action on this screen.
        autoFocus
      >
        {starting && <Spinner />}
        Connect Spotify
      </button>
      <p className="fine-print">Sign-in happens in your web browser. Tunetray never sees your password.</p>
      <button type="button" className="link-button" onClick={onChangeClientId}>
        Change Client ID
      </button>
    </section>
  );
}
