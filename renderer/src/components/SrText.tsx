import type { ReactNode } from 'react';

/**
 * Words for screen readers only, kept inline with the text around them ("by ", ", "). The usual
 * visually-hidden text is positioned out of the flow, so Chromium reads it as a block of its own
 * and a row's name becomes "Folk Drive , by …". A comma that ends an element is the `sr-comma`
 * class instead (CSS content), so the element's own text stays exactly what it shows.
 */
export function SrText({ children }: { children: ReactNode }) {
  return <span className="sr-text">{children}</span>;
}
