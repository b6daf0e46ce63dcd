import { useEffect, useState } from 'react';
import type { PlaylistSummary, SessionState } from '../../../app/model.ts';
import { forgetShownPlaylists } from '../hooks/usePlaylistItems.ts';
import { ConnectedNotices } from './ConnectedNotices.tsx';
import { PlaylistItemsScreen } from './PlaylistItemsScreen.tsx';
import { PlaylistPanel } from './PlaylistPanel.tsx';
import { ProfileHeader } from './ProfileHeader.tsx';

type Connected = Extract<SessionState, { status: 'connected' }>;

/**
 * The library, or one playlist's contents laid over it. The library stays mounted and laid out
 * underneath (hidden and inert), so its filter, scroll position and active row are exactly as
 * they were when the user comes back.
 */
export function ConnectedScreen({ state }: { state: Connected }) {
  const [opened, setOpened] = useState<PlaylistSummary | null>(null);
  const covered = opened !== null;
  // Leaving the connected screen (disconnect, another account): what was shown is not kept.
  useEffect(() => forgetShownPlaylists, []);
  return (
    <section className="screen-connected" aria-label="Your Spotify library">
      <div className={covered ? 'library-view library-view-covered' : 'library-view'} inert={covered}>
        <ProfileHeader profile={state.profile} library={state.library} />
        <div className="notices">
          <ConnectedNotices state={state} />
        </div>
        <PlaylistPanel
          revision={state.library.revision}
          sync={state.library.sync}
          profileId={state.profile?.id ?? null}
          onOpen={setOpened}
          covered={covered}
        />
      </div>
      {opened && <PlaylistItemsScreen key={opened.id} summary={opened} onBack={() => setOpened(null)} />}
    </section>
  );
}
