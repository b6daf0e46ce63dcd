/**
 * Whether Tunetray may hold a quit (before-quit + preventDefault) to finish its clean-up: let a
 * refresh on the wire save its rotated token, close a sign-in port, flush the log.
 *
 * Not when the system is ending the session. On macOS, logout, restart and shutdown reach the app
 * as a quit, and Electron answers macOS's applicationShouldTerminate with a cancel and quits by
 * itself later; a before-quit held with preventDefault then shows as the app interrupting the
 * logout, which macOS cancels (electron/electron#230 and #7121; apps in the field hit the same:
 * "App blocks macOS shutdown" reports for minimise-to-tray apps). powerMonitor emits 'shutdown'
 * first (macOS and Linux: "Emitted when the system is about to reboot or shut down"; on macOS also
 * for Quit from the Dock, electron/electron#24105), so from then on the quit is let go at once and
 * the clean-up runs as far as it gets. On Windows, before-quit is not emitted for a logout or
 * shutdown at all (Electron's before-quit notes); the window's 'session-end' marks it instead.
 */
export interface QuitFacts {
  /** The clean-up already ran: this quit is the one it asked for. */
  cleanedUp: boolean;
  /** powerMonitor 'shutdown' (or the window's 'session-end') was seen. */
  systemEnding: boolean;
  /** There is a core to clean up (the app got past 'ready'). */
  started: boolean;
}

export const mayHoldQuit = (facts: QuitFacts): boolean => facts.started && !facts.cleanedUp && !facts.systemEnding;
