// The application menu: the usual roles plus "Open log".

import { Menu, shell, type MenuItemConstructorOptions } from 'electron';

export function installMenu(logFile: string): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Open log', click: () => void shell.openPath(logFile) }],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
