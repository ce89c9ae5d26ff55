// The catalogue of signed channels: add one (a channel file, or address and key), see its roots, pick one.

import { useRef } from 'react';
import type { ChannelDTO } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { TextField } from '../../components/TextField';
import { formatBytes } from '../../format';
import { useFields } from '../../store';

/** The file picker every way in uses: the page reads the channel file and hands the engine its text. */
export function ChannelFileButton({ prominent = false }: { prominent?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const { addChannelFile, channelBusy } = useFields('addChannelFile', 'channelBusy');
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".sourcery-channel,.json,application/json"
        aria-label="Channel file"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void file.text().then(addChannelFile);
        }}
      />
      <button
        type="button"
        className={prominent ? 'primary' : undefined}
        disabled={channelBusy}
        onClick={() => input.current?.click()}
      >
        I have a channel file
      </button>
    </>
  );
}

/** The first screen for someone with no root and no channel yet: a channel file is the way in. */
export function NewcomerWelcome() {
  const { channels, channelsLoaded, settings, manifest, rootSource } = useFields(
    'channels',
    'channelsLoaded',
    'settings',
    'manifest',
    'rootSource',
  );
  // On the channel choice the catalogue offers the same button itself.
  if (!channelsLoaded || channels.length > 0 || settings?.root || manifest || rootSource === 'channel')
    return null;
  return (
    <div className="notice welcome" role="region" aria-label="Getting started">
      <h2>New here?</h2>
      <p>
        If your workshop organiser gave you a channel file, open it: the root and its kernels come from there,
        signed, and you go straight on to the sticks.
      </p>
      <ChannelFileButton prominent />
    </div>
  );
}

function ChannelRoots({ channel }: { channel: ChannelDTO }) {
  const { pickedRoot, pickRoot, rootJobId } = useFields('pickedRoot', 'pickRoot', 'rootJobId');
  if (channel.roots.length === 0) return <p className="muted">This channel lists no roots yet.</p>;
  return (
    <fieldset className="channel-roots">
      <legend>Roots in {channel.name ?? channel.url}</legend>
      {channel.roots.map((root) => (
        <label key={root.sha256} className="choice">
          <input
            type="radio"
            name="channel-root"
            disabled={rootJobId !== undefined}
            checked={pickedRoot?.url === channel.url && pickedRoot.sha256 === root.sha256}
            onChange={() => pickRoot({ url: channel.url, sha256: root.sha256 })}
          />
          <span>
            <strong>{root.name}</strong>
            <small>
              {new Date(root.date).toLocaleDateString()} · {root.archs.join(', ')} · {formatBytes(root.size)}{' '}
              · {root.goVersion}
              {Object.keys(root.kernels).length > 0
                ? ` · kernels for ${Object.keys(root.kernels).join(', ')}`
                : ' · no kernels'}
            </small>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function ChannelView({ channel }: { channel: ChannelDTO }) {
  const { removeChannel, rootJobId } = useFields('removeChannel', 'rootJobId');
  return (
    <div className="channel" aria-label={`Channel ${channel.name ?? channel.url}`} role="group">
      <h2>{channel.name ?? 'Channel'}</h2>
      <p className="muted">
        <span className="path">{channel.url}</span> · key {channel.keyId}
        {channel.signedAt ? ` · signed ${new Date(channel.signedAt).toLocaleString()}` : ''}
        {channel.offline ? ' · offline: the copy checked before' : ''}
      </p>
      {channel.error ? <ErrorPanel error={channel.error} /> : <ChannelRoots channel={channel} />}
      <button
        type="button"
        disabled={rootJobId !== undefined}
        onClick={() => void removeChannel(channel.url)}
      >
        Remove channel
      </button>
    </div>
  );
}

export function ChannelCatalogue() {
  const { channels, channelForm, setChannelForm, addChannelByAddress, channelBusy, channelError } = useFields(
    'channels',
    'channelForm',
    'setChannelForm',
    'addChannelByAddress',
    'channelBusy',
    'channelError',
  );
  const canAdd =
    /^https?:\/\/\S+$/i.test(channelForm.url.trim()) && /^RW\S{54}$/.test(channelForm.key.trim());
  return (
    <>
      {channels.map((channel) => (
        <ChannelView key={channel.url} channel={channel} />
      ))}
      <details className="add-channel" open={channels.length === 0}>
        <summary>Add a channel</summary>
        <div className="actions">
          <ChannelFileButton prominent={channels.length === 0} />
        </div>
        <p className="muted">Or its address and the publisher’s public key:</p>
        <TextField
          label="Channel address"
          type="url"
          value={channelForm.url}
          placeholder="https://…/channel.json"
          onChange={(url) => setChannelForm({ url })}
        />
        <TextField
          label="Public key (the line starting RW…)"
          value={channelForm.key}
          onChange={(key) => setChannelForm({ key })}
        />
        <button type="button" disabled={!canAdd || channelBusy} onClick={() => void addChannelByAddress()}>
          Add channel
        </button>
      </details>
      {channelBusy && <p className="muted">Checking the channel’s signature…</p>}
      {channelError && <ErrorPanel error={channelError} />}
    </>
  );
}
