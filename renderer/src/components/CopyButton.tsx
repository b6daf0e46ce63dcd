import { useEffect, useState } from 'react';

/**
 * Copies a short text. If the clipboard is unavailable (permission denied), it selects the
 * text instead so Ctrl+C / Cmd+C still works.
 */
export function CopyButton({ text, label, targetId }: { text: string; label: string; targetId: string }) {
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      const target = document.getElementById(targetId);
      const selection = window.getSelection();
      if (target && selection) {
        const range = document.createRange();
        range.selectNodeContents(target);
        selection.removeAllRanges();
        selection.addRange(range);
      }
    }
  };

  return (
    <button type="button" className="button button-small button-quiet copy-button" onClick={copy} aria-label={label}>
      <span aria-live="polite">{copied ? 'Copied' : 'Copy'}</span>
    </button>
  );
}
