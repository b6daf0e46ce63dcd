import { type ReactNode, useEffect, useId, useRef } from 'react';
import { BackIcon } from './icons.tsx';

/**
 * A view laid over the current screen (Connection, Settings): Back, a heading, its content. The
 * screen underneath stays as it was (hidden and inert), and Escape or Back returns to it.
 */
export function Panel({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const headingId = useId();
  const backRef = useRef<HTMLButtonElement>(null);
  useEffect(() => backRef.current?.focus(), []);
  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="items-toolbar">
        <button ref={backRef} type="button" className="button button-small button-quiet" onClick={onClose}>
          <BackIcon />
          Back
        </button>
      </div>
      <div className="panel-body">
        <h2 id={headingId} className="panel-title">
          {title}
        </h2>
        {children}
      </div>
    </section>
  );
}
