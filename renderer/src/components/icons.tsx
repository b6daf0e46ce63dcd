/** Inline icons: the CSP allows no external images, and these follow the text colour. */
interface IconProps {
  className?: string;
}

export function RefreshIcon({ className }: IconProps) {
  return (
    <svg className={className} viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        d="M13.5 8a5.5 5.5 0 1 1-1.7-3.97M13.5 2.5v3h-3"
      />
    </svg>
  );
}

export function NoteIcon({ className }: IconProps) {
  return (
    <svg className={className} viewBox="0 0 16 16" width="18" height="18" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M6 2.5 13 1v9.2a2.3 2.3 0 1 1-1.5-2.15V4.3L7.5 5.15v6.55A2.3 2.3 0 1 1 6 9.55z" />
    </svg>
  );
}

export function CloseIcon({ className }: IconProps) {
  return (
    <svg className={className} viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" d="m4 4 8 8M12 4l-8 8" />
    </svg>
  );
}

export function BackIcon({ className }: IconProps) {
  return (
    <svg className={className} viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" d="M10 3 5 8l5 5" />
    </svg>
  );
}

export function SearchIcon({ className }: IconProps) {
  return (
    <svg className={className} viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" d="m10.5 10.5 3 3" />
    </svg>
  );
}

/** The Tunetray mark: a tray with a note, drawn in the accent colour. */
export function LogoMark({ className }: IconProps) {
  return (
    <svg className={className} viewBox="0 0 48 48" width="48" height="48" aria-hidden="true" focusable="false">
      <rect width="48" height="48" rx="12" fill="var(--accent)" />
      <path
        fill="var(--on-accent)"
        d="M19 12.5 33 10v17.2a4.3 4.3 0 1 1-2.6-3.95V15.2l-8.8 1.6v13.4a4.3 4.3 0 1 1-2.6-3.95z"
      />
      <path fill="none" stroke="var(--on-accent)" strokeWidth="2.6" strokeLinecap="round" d="M11 35v2.5h26V35" />
    </svg>
  );
}

export function Spinner({ className }: IconProps) {
  return <span className={className ? `spinner ${className}` : 'spinner'} aria-hidden="true" />;
}
