import { useState } from 'react';
import { initials } from '../format.ts';

/** The profile picture, or initials when there is none or it fails to load. Decorative: the name is next to it. */
export function Avatar({ name, imageUrl }: { name: string; imageUrl: string | null }) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  if (imageUrl && failedUrl !== imageUrl) {
    return (
      <img
        className="avatar"
        src={imageUrl}
        alt=""
        width={36}
        height={36}
        referrerPolicy="no-referrer"
        onError={() => setFailedUrl(imageUrl)}
      />
    );
  }
  return (
    <span className="avatar avatar-initials" aria-hidden="true">
      {initials(name)}
    </span>
  );
}
