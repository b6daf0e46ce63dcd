import { useState } from 'react';
import type { LibraryInfo, Profile } from '../../../app/model.ts';
import { capText, planName, syncLine } from '../format.ts';
import { useAction } from '../hooks/useAction.ts';
import { useNow } from '../hooks/useNow.ts';
import { Avatar } from './Avatar.tsx';
import { RefreshIcon } from './icons.tsx';

/** Who is signed in, how fresh the list is, and the Refresh button. */
export function ProfileHeader({ profile, library }: { profile: Profile | null; library: LibraryInfo }) {
  const run = useAction();
  const now = useNow(30_000);
  const [requested, setRequested] = useState(false);
  const name = profile?.displayName || profile?.id || 'Spotify account';
  const plan = planName(profile?.product ?? null);
  const sync = syncLine(library, now);
  const syncing = library.sync.kind === 'syncing' || requested;
  const progress =
    library.sync.kind === 'syncing' && library.sync.total
      ? Math.min(100, Math.round((library.sync.loaded / library.sync.total) * 100))
      : null;

  const refresh = async () => {
    if (syncing) return;
    setRequested(true);
    await run((api) => api.refreshLibrary());
    setRequested(false);
  };

  return (
    <header className="profile-header">
      <Avatar name={name} imageUrl={profile?.imageUrl ?? null} />
      <div className="profile-text">
        <div className="profile-name-line">
          <h1 className="profile-name" title={name}>
            {capText(name)}
          </h1>
          {plan && <span className="badge badge-plan">{plan}</span>}
        </div>
        <p className={`sync-line sync-${sync.tone}`}>{sync.text}</p>
      </div>
      {/* aria-disabled rather than disabled: a disabled button would drop keyboard focus mid-refresh. */}
      <button
        type="button"
        className="button button-small refresh-button"
        onClick={refresh}
        aria-disabled={syncing || undefined}
      >
        <RefreshIcon className={syncing ? 'spin' : undefined} />
        Refresh
      </button>
      {progress !== null && (
        // The sync line says the same in words; this bar is only a glance.
        <span className="sync-progress" aria-hidden="true">
          <span style={{ width: `${progress}%` }} />
        </span>
      )}
    </header>
  );
}
