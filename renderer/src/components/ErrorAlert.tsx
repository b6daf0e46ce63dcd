import { CloseIcon } from './icons.tsx';

/** A failed action, in plain words, until the person dismisses it (or Escape) or starts another action. */
export function ErrorAlert({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  return (
    <div className="banner banner-error error-alert" role="alert">
      <p className="banner-text">{message}</p>
      <button type="button" className="icon-button" onClick={onDismiss} aria-label="Dismiss">
        <CloseIcon />
      </button>
    </div>
  );
}
