import { connectionHealth, type HealthFormat } from '../../../app/connection-health.ts';
import type { SessionState } from '../../../app/model.ts';
import { formatDate, formatTime, timeAgo } from '../format.ts';
import { useAction } from '../hooks/useAction.ts';
import { useNow } from '../hooks/useNow.ts';
import { CopyDiagnostics } from './CopyDiagnostics.tsx';
import { Panel } from './Panel.tsx';

type Connected = Extract<SessionState, { status: 'connected' }>;

/**
 * How Tunetray is connected, in plain words (app/connection-health.ts says the same in the
 * diagnostics report): the account, since when, the next approval Spotify asks for (with
 * Reconnect from two weeks before), where the sign-in is kept, the syncs, limits, network, proxy.
 */
export function ConnectionView({ state, onClose }: { state: Connected; onClose: () => void }) {
  const run = useAction();
  const now = useNow(30_000);
  const format: HealthFormat = {
    date: formatDate,
    time: formatTime,
    dateTime: (epochMs) => `${formatDate(epochMs)}, ${formatTime(epochMs)} (${timeAgo(epochMs, now)})`,
  };
  const lines = connectionHealth(state, now, format);
  const reconnectDue = state.notice?.code === 'reconnect-soon';
  return (
    <Panel title="Connection" onClose={onClose}>
      <dl className="health-list">
        {lines.map((line) => (
          <div key={line.id} className={`health-line health-${line.tone}`} data-health={line.id}>
            <dt>{line.label}</dt>
            <dd>
              {line.text}
              {line.detail && <span className="health-detail">{line.detail}</span>}
            </dd>
          </div>
        ))}
      </dl>
      {reconnectDue && (
        <div className="actions">
          <button type="button" className="button button-primary" onClick={() => void run((api) => api.connect())}>
            Reconnect Spotify
          </button>
        </div>
      )}
      <CopyDiagnostics />
    </Panel>
  );
}
