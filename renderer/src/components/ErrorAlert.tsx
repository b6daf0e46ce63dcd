import { useEffect, useRef } from 'react';
import { CloseIcon } from './icons.tsx';

/** A failed action, in plain words, until the person dismisses it or starts another action. */
export function ErrorAlert({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && ref.current?.contains(document.activeElement)) onDismiss();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onDismiss]);

  return (
    <div ref={ref} className="banner banner-error error-alert" role="alert">
      <p className="banner-text">{message}</p>
      <button type="button" className="icon-button" onClick={onDismiss} aria-label="Dismiss">
        <CloseIcon />
      </button>
    </div>
  );
}
