import type { ReactNode } from 'react';
import type { Notice } from '../../../app/model.ts';
import { CloseIcon } from './icons.tsx';

interface NoticeBannerProps {
  level: Notice['level'];
  children: ReactNode;
  /** A next step, rendered as a button after the text. */
  action?: { label: string; onClick: () => void; busy?: boolean } | undefined;
  onDismiss?: (() => void) | undefined;
}

/**
 * Something the person should know about the session (signed out by Spotify, reconnect soon,
 * sign-in not saved). A polite status, not an alert: it describes the state, not a failed action.
 */
export function NoticeBanner({ level, children, action, onDismiss }: NoticeBannerProps) {
  return (
    <div className={`banner banner-${level}`} role="status">
      <div className="banner-body">
        <div className="banner-text">{children}</div>
        {action && (
          <button
            type="button"
            className="button button-small"
            onClick={action.onClick}
            aria-disabled={action.busy || undefined}
          >
            {action.label}
          </button>
        )}
      </div>
      {onDismiss && (
        <button type="button" className="icon-button" onClick={onDismiss} aria-label="Dismiss notice">
          <CloseIcon />
        </button>
      )}
    </div>
  );
}
