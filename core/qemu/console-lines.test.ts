// Serial console bytes into lines: what the app shows and what --expect is matched against.

import { describe, expect, it } from 'vitest';
import { ConsoleLines } from './console-lines';

describe('ConsoleLines', () => {
  it('splits across chunks, drops carriage returns and escape sequences', () => {
    const lines: string[] = [];
    const reader = new ConsoleLines((line) => lines.push(line));
    reader.push('\x1b[2J\x1b[01;01HSeaBIOS (version 1.16)\r\nBooting from Hard');
    reader.push(' Disk...\r\n\x1b[0msourcery: init for linux_');
    expect(lines).toEqual(['SeaBIOS (version 1.16)', 'Booting from Hard Disk...']);
    expect(reader.pending).toBe('sourcery: init for linux_');
    reader.push('amd64 (go1.19.8)');
    reader.flush();
    expect(lines.at(-1)).toBe('sourcery: init for linux_amd64 (go1.19.8)');
  });
});
