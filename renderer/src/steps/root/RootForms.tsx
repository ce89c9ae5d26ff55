// The three ways to get a root: a local folder or archive, a build, or a download.

import { goArchs } from '../../../../contract/dto';
import { useStore } from '../../store';

export function LocalRootForm() {
  const { localPath, setLocalPath } = useStore();
  return (
    <label className="field">
      Folder or archive (.tar, .tar.gz, .tar.xz, .tar.zst) holding the root
      <input
        type="text"
        value={localPath}
        placeholder="/home/me/sourcery-root"
        spellCheck={false}
        onChange={(e) => setLocalPath(e.target.value)}
      />
    </label>
  );
}

export function BuildRootForm() {
  const { build, setBuild, info } = useStore();
  return (
    <>
      <fieldset>
        <legend>Architectures</legend>
        {goArchs.map((arch) => (
          <label key={arch} className="toggle arch">
            <input
              type="checkbox"
              checked={build.archs.includes(arch)}
              onChange={(e) =>
                setBuild({
                  archs: e.target.checked ? [...build.archs, arch] : build.archs.filter((a) => a !== arch),
                })
              }
            />
            {arch}
          </label>
        ))}
      </fieldset>
      <label className="field">
        Go toolchain folder (GOROOT) to copy; empty for this computer&apos;s Go
        <input
          type="text"
          value={build.goroot}
          spellCheck={false}
          onChange={(e) => setBuild({ goroot: e.target.value })}
        />
      </label>
      <label className="field">
        Or a Go version to build from source (e.g. 1.22.5)
        <input
          type="text"
          value={build.goVersion}
          spellCheck={false}
          onChange={(e) => setBuild({ goVersion: e.target.value })}
        />
      </label>
      <label className="field">
        Extra command repositories or folders, one per line
        <textarea
          rows={3}
          value={build.sources}
          spellCheck={false}
          onChange={(e) => setBuild({ sources: e.target.value })}
        />
      </label>
      <label className="field">
        Save the root in
        <input
          type="text"
          value={build.out}
          placeholder={`${info?.rootsDir ?? ''}/build-…`}
          spellCheck={false}
          onChange={(e) => setBuild({ out: e.target.value })}
        />
      </label>
    </>
  );
}

export function DownloadRootForm() {
  const { download, setDownload, info } = useStore();
  return (
    <>
      <label className="field">
        Address of the root archive, or of a channel
        <input
          type="url"
          value={download.url}
          placeholder="https://…/sourcery-root.tar.zst"
          spellCheck={false}
          onChange={(e) => setDownload({ url: e.target.value })}
        />
      </label>
      <label className="toggle">
        <input
          type="checkbox"
          checked={download.channel}
          onChange={(e) => setDownload({ channel: e.target.checked })}
        />
        The address is a channel (a JSON list of roots)
      </label>
      <label className="field">
        SHA-256 of the archive {download.channel ? '(taken from the channel)' : '(required)'}
        <input
          type="text"
          value={download.sha256}
          spellCheck={false}
          onChange={(e) => setDownload({ sha256: e.target.value })}
        />
      </label>
      <label className="field">
        Save the root in
        <input
          type="text"
          value={download.out}
          placeholder={`${info?.rootsDir ?? ''}/…`}
          spellCheck={false}
          onChange={(e) => setDownload({ out: e.target.value })}
        />
      </label>
    </>
  );
}
