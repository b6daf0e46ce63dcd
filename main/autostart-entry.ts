/** The XDG autostart entry for Linux logins (pure, so it is tested without Electron). */
export function autostartDesktopEntry(execPath: string): string {
  // Exec needs quoting when the path has spaces (AppImage in "Downloads/My Apps").
  const exec = /\s/.test(execPath) ? `"${execPath.replace(/(["`$\\])/g, '\\$1')}"` : execPath;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Tunetray',
    'Comment=Spotify in your system tray',
    `Exec=${exec} --hidden`,
    'Icon=tunetray',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}
