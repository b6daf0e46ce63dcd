import { useEffect, useId, useRef, useState } from 'react';
import { call, failureMessage } from '../bridge.ts';

type Copy =
  | { phase: 'idle' }
  | { phase: 'copied'; text: string }
  /** The clipboard refused: the report is shown selected, for Ctrl+C. */
  | { phase: 'manual'; text: string }
  | { phase: 'failed'; message: string };

/**
 * "Copy diagnostics": the report main puts together (connection details, versions, the last 50
 * log lines, all redacted) on the clipboard, and what was copied, for anyone who wants to look.
 */
export function CopyDiagnostics() {
  const [copy, setCopy] = useState<Copy>({ phase: 'idle' });
  const [busy, setBusy] = useState(false);
  const manualRef = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();

  useEffect(() => {
    if (copy.phase !== 'manual') return;
    manualRef.current?.focus();
    manualRef.current?.select();
  }, [copy]);

  const run = async () => {
    if (busy) return;
    setBusy(true);
    const result = await call((api) => api.getDiagnostics());
    setBusy(false);
    if (!result.ok) {
      setCopy({ phase: 'failed', message: failureMessage(result) ?? 'Tunetray could not put the report together.' });
      return;
    }
    try {
      await navigator.clipboard.writeText(result.value);
      setCopy({ phase: 'copied', text: result.value });
    } catch {
      setCopy({ phase: 'manual', text: result.value });
    }
  };

  return (
    <div className="diagnostics">
      <button
        type="button"
        className="button"
        onClick={run}
        aria-disabled={busy || undefined}
        aria-describedby={hintId}
      >
        Copy diagnostics
      </button>
      <p id={hintId} className="field-hint">
        A text report for a bug report: the connection details, the versions and the last 50 log lines. It never
        contains your sign-in.
      </p>
      <p className="field-hint" role="status">
        {copy.phase === 'copied' ? 'Copied. Paste it into your message.' : ''}
        {copy.phase === 'manual'
          ? 'The clipboard is not available: the report is selected, press Ctrl+C to copy it.'
          : ''}
      </p>
      {copy.phase === 'failed' && (
        <p className="field-error" role="alert">
          {copy.message}
        </p>
      )}
      {copy.phase === 'manual' && (
        <textarea
          ref={manualRef}
          className="text-input diagnostics-text"
          readOnly
          value={copy.text}
          aria-label="Diagnostics"
        />
      )}
      {copy.phase === 'copied' && (
        <details className="diagnostics-details">
          <summary>What was copied</summary>
          {/* Focusable: it scrolls, and keyboard users must be able to scroll it too. */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is reached with Tab. */}
          <pre className="diagnostics-text" tabIndex={0}>
            {copy.text}
          </pre>
        </details>
      )}
    </div>
  );
}
