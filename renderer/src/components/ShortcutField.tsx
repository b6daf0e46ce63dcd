import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { ShortcutStatus } from '../../../app/model.ts';
import { call, failureMessage } from '../bridge.ts';
import { isMac, recordKeys } from '../key-combination.ts';

type Message = { tone: 'error' | 'done'; text: string } | null;

/**
 * The optional global shortcut: off by default; "Set shortcut" records the next key combination
 * and shows it in Electron's accelerator form; main registers it, or refuses it in plain words when
 * the system or another app holds it (then nothing changes). Tab leaves the recorder as from any
 * field, and Escape cancels it.
 */
export function ShortcutField() {
  const [status, setStatus] = useState<ShortcutStatus | null>(null);
  const [recording, setRecording] = useState(false);
  const [preview, setPreview] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const [saving, setSaving] = useState(false);
  const recorderRef = useRef<HTMLInputElement>(null);
  const setRef = useRef<HTMLButtonElement>(null);
  const wasRecording = useRef(false);
  const ids = useId();

  useEffect(() => {
    let active = true;
    void call((api) => api.getGlobalShortcut()).then((result) => {
      if (active && result.ok) setStatus(result.value);
    });
    return () => {
      active = false;
    };
  }, []);

  useEffect(() => {
    if (recording) recorderRef.current?.focus();
    else if (wasRecording.current && document.activeElement === document.body) setRef.current?.focus();
    wasRecording.current = recording;
  }, [recording]);

  const save = async (accelerator: string | null) => {
    setSaving(true);
    const result = await call((api) => api.setGlobalShortcut({ accelerator }));
    setSaving(false);
    if (!result.ok) {
      setMessage({ tone: 'error', text: failureMessage(result) ?? 'Tunetray could not set that shortcut.' });
      return false;
    }
    setStatus(result.value);
    setMessage({
      tone: 'done',
      text: accelerator === null ? 'The shortcut is off.' : `${result.value.accelerator} now shows and hides Tunetray.`,
    });
    return true;
  };

  const onKeyDown = async (event: KeyboardEvent<HTMLInputElement>) => {
    const plain = !event.ctrlKey && !event.altKey && !event.metaKey;
    // Tab and Shift+Tab move on as from any field (the recorder ends on blur).
    if (event.key === 'Tab' && plain) return;
    // Nothing is typed here, and Escape must not also hide the window.
    event.preventDefault();
    if (event.key === 'Escape' && plain && !event.shiftKey) {
      setRecording(false);
      setPreview('');
      setMessage(null);
      setRef.current?.focus();
      return;
    }
    if (event.repeat || saving) return;
    const recorded = recordKeys(event.nativeEvent, isMac());
    if (recorded.kind === 'modifiers') {
      setPreview(recorded.shown);
      return;
    }
    if (recorded.kind === 'unknown') {
      setPreview('');
      setMessage({ tone: 'error', text: `The ${recorded.key} key cannot be part of a shortcut.` });
      return;
    }
    if (!recorded.check.ok) {
      setPreview('');
      setMessage({ tone: 'error', text: recorded.check.message });
      return;
    }
    setPreview(recorded.check.accelerator);
    if (await save(recorded.check.accelerator)) setRecording(false);
  };

  const current = status?.accelerator ?? null;
  return (
    <fieldset className="setting">
      <legend className="setting-label">Show and hide Tunetray from any app</legend>
      <p className="setting-value">
        {current ? (
          <>
            Shortcut: <kbd className="keys">{current}</kbd>
            {status && !status.active && ' (not working right now)'}
          </>
        ) : (
          'No shortcut (off)'
        )}
      </p>
      {recording ? (
        <>
          <label htmlFor={`${ids}-recorder`} className="visually-hidden">
            New shortcut
          </label>
          <input
            ref={recorderRef}
            id={`${ids}-recorder`}
            className="text-input mono shortcut-recorder"
            readOnly
            value={preview}
            placeholder="Press the keys together"
            aria-describedby={`${ids}-hint`}
            onKeyDown={onKeyDown}
            onBlur={() => setRecording(false)}
          />
          <p id={`${ids}-hint`} className="field-hint">
            Press the keys together, for example Ctrl+Alt+T. Escape cancels.
          </p>
        </>
      ) : (
        <div className="actions">
          <button
            ref={setRef}
            type="button"
            className="button button-small"
            onClick={() => {
              setMessage(null);
              setPreview('');
              setRecording(true);
            }}
          >
            {current ? 'Change shortcut' : 'Set shortcut'}
          </button>
          {current && (
            <button
              type="button"
              className="button button-small button-quiet"
              onClick={() => void save(null)}
              aria-disabled={saving || undefined}
            >
              Turn off
            </button>
          )}
        </div>
      )}
      {status?.problem && !message && <p className="field-error">{status.problem}</p>}
      <p
        className={message?.tone === 'error' ? 'field-error' : 'field-hint'}
        role={message?.tone === 'error' ? 'alert' : 'status'}
      >
        {message?.text ?? ''}
      </p>
    </fieldset>
  );
}
