// A channel manifest: a JSON list of published roots; picks the newest one that serves the archs asked for.

import { z } from 'zod';
import { goArchs, type GoArch } from '../../../contract';

const channelSchema = z.object({
  name: z.string().optional(),
  roots: z.array(
    z.object({
      url: z.string().min(1),
      archs: z.array(z.enum(goArchs)).min(1),
      size: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/i),
      date: z.string().min(1),
      goVersion: z.string().min(1),
      name: z.string().optional(),
    }),
  ),
});

export type Channel = z.infer<typeof channelSchema>;
export type ChannelRoot = Channel['roots'][number];

/** Parses a channel's JSON; relative root URLs are resolved against the channel's own URL. */
export function parseChannel(text: string, channelUrl: string): { channel: Channel } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (thrown) {
    return { error: `it is not JSON: ${(thrown as Error).message}` };
  }
  const parsed = channelSchema.safeParse(json);
  if (!parsed.success)
    return { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const roots = parsed.data.roots.map((r) => ({
    ...r,
    url: new URL(r.url, channelUrl).href,
    sha256: r.sha256.toLowerCase(),
  }));
  return { channel: { ...parsed.data, roots } };
}

/** The newest root (by date) that serves every architecture in `archs`. */
export function pickRoot(channel: Channel, archs: GoArch[]): ChannelRoot | undefined {
  return channel.roots
    .filter((root) => archs.every((arch) => root.archs.includes(arch)))
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))[0];
}
