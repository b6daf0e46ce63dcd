import { type ReactNode, useState } from 'react';
import { initials } from '../format.ts';

interface CoverProps {
  url: string | null;
  /** What the initials are drawn from (the playlist, album or show name). */
  label: string;
  /** The box in CSS pixels; the image never changes it (no layout shift while a list scrolls). */
  size: number;
  className?: string;
  /** Instead of the initials (a note for a local file, say). */
  placeholder?: ReactNode;
}

/**
 * A cover in a fixed box: the initials at once, the picture over them once it has loaded
 * (lazily, decoded off the main thread), and the initials again if it fails. Decorative: the
 * name is always next to it, so it is hidden from assistive technology.
 */
export function Cover({ url, label, size, className, placeholder }: CoverProps) {
  const [loadedUrl, setLoadedUrl] = useState<string | null>(null);
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const showImage = url !== null && failedUrl !== url;
  return (
    <span
      className={className ? `cover ${className}` : 'cover'}
      style={{ width: size, height: size }}
      aria-hidden="true"
      data-cover-state={!url || failedUrl === url ? 'placeholder' : loadedUrl === url ? 'loaded' : 'loading'}
    >
      <span className="cover-initials">{placeholder ?? initials(label)}</span>
      {showImage && (
        <img
          className={loadedUrl === url ? 'cover-image cover-image-loaded' : 'cover-image'}
          src={url}
          alt=""
          width={size}
          height={size}
          loading="lazy"
          decoding="async"
          referrerPolicy="no-referrer"
          draggable={false}
          onLoad={() => setLoadedUrl(url)}
          onError={() => setFailedUrl(url)}
        />
      )}
    </span>
  );
}
