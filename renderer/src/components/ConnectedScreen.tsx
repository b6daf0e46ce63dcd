import type { SessionState } from '../../../app/model.ts';
import { ConnectedNotices } from './ConnectedNotices.tsx';
import { PlaylistPanel } from './PlaylistPanel.tsx';
import { ProfileHeader } from './ProfileHeader.tsx';

type Connected = Extract<SessionState, { status: 'connected' }>;

export function ConnectedScreen({ state }: { state: Connected }) {
  return (
    <section className="screen-connected" aria-label="Your Spotify library">
      <ProfileHeader profile={state.profile} library={state.library} />
      <div className="notices">
        <ConnectedNotices state={state} />
      </div>
      <PlaylistPanel revision={state.library.revision} sync={state.library.sync} />
    </section>
  );
}
