// Turns a serial console's raw bytes into clean lines: no escape sequences, no carriage returns.

// eslint-disable-next-line no-control-regex
const escapes = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1bc|[\x00-\x08\x0b-\x1f\x7f]/g;

export const cleanConsoleText = (text: string): string => text.replace(/\r/g, '').replace(escapes, '');

/** Feeds chunks in; calls `onLine` per finished line. `pending` is the unfinished last line. */
export class ConsoleLines {
  pending = '';
  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const parts = cleanConsoleText(this.pending + chunk).split('\n');
    this.pending = parts.pop() ?? '';
    for (const line of parts) this.onLine(line);
  }

  flush(): void {
    if (this.pending) this.onLine(this.pending);
    this.pending = '';
  }
}
