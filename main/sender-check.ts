/**
 * IPC is answered only for our own window's top frame showing our own UI. A compromised or
 * navigated frame (or any other webContents) gets nothing.
 */
export interface SenderFacts {
  /** BrowserWindow.fromWebContents(event.sender) is the companion window. */
  isOurWindow: boolean;
  /** event.senderFrame is the window's main frame (not an iframe). */
  isMainFrame: boolean;
  /** event.senderFrame.url */
  frameUrl: string | undefined;
}

export function isTrustedSender(facts: SenderFacts, uiOrigin: string): boolean {
  if (!facts.isOurWindow || !facts.isMainFrame || !facts.frameUrl) return false;
  try {
    // Not URL.origin: for a custom scheme such as app:// it is the opaque "null".
    const url = new URL(facts.frameUrl);
    return `${url.protocol}//${url.host}` === uiOrigin;
  } catch {
    return false;
  }
}
