// The three ways to get a root: a local folder or archive, a build, or a download.

import { goArchs } from '../../../../contract/dto';
import { PathField } from '../../components/PathField';
import { TextField } from '../../components/TextField';
import { useFields } from '../../store';

export function LocalRootForm() {
  const { localPath, setLocalPath } = useFields('localPath', 'setLocalPath');
  return (
    <>
      <LastTime />
      <PathField
        label="Folder or archive (.tar, .tar.gz, .tar.xz, .tar.zst) holding the root"
        value={localPath}
        placeholder="/home/me/sourcery-root"
        onChange={setLocalPath}
        target={{ field: 'root' }}
        browseName="Browse for the root"
      />
      <p className="muted">Or drop the folder or archive anywhere on this window.</p>
    </>
  );
}

/** What the last flash used, offered again after a restart. */
function LastTime() {
  const { settings, reuseLastSettings, rootJobId } = useFields('settings', 'reuseLastSettings', 'rootJobId');
  if (!settings?.root) return null;
  const kernels = Object.keys(settings.kernels ?? {});
  return (
    <div className="notice last-time">
      <p>
        Last time: <span className="path">{settings.root}</span>
        {kernels.length > 0 ? `, kernels for ${kernels.join(', ')}` : ', no kernel'}
        {settings.image ? `, image ${settings.image.path}` : ''}.
      </p>
      <button type="button" disabled={rootJobId !== undefined} onClick={() => void reuseLastSettings()}>
        Flash more with the same settings
      </button>
    </div>
  );
}

export function BuildRootForm() {
  const { build, setBuild, info } = useFields('build', 'setBuild', 'info');
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
      <TextField
        label="Go toolchain folder (GOROOT) to copy; empty for this computer’s Go"
        value={build.goroot}
        onChange={(goroot) => setBuild({ goroot })}
      />
      <TextField
        label="Or a Go version to build from source (e.g. 1.22.5)"
        value={build.goVersion}
        onChange={(goVersion) => setBuild({ goVersion })}
      />
      <label className="field">
        Command repositories or folders, one per line (empty: u-root v0.14.0, from the network)
        <textarea
          rows={3}
          value={build.sources}
          spellCheck={false}
          onChange={(e) => setBuild({ sources: e.target.value })}
        />
      </label>
      <TextField
        label="Save the root in"
        value={build.out}
        placeholder={`${info?.rootsDir ?? ''}/build-…`}
        onChange={(out) => setBuild({ out })}
      />
    </>
  );
}

export function DownloadRootForm() {
  const { download, setDownload, info } = useFields('download', 'setDownload', 'info');
  return (
    <>
      <TextField
        label="Address of the root archive"
        type="url"
        value={download.url}
        placeholder="https://…/sourcery-root.tar.zst"
        onChange={(url) => setDownload({ url })}
      />
      <TextField
        label="SHA-256 of the archive (required)"
        value={download.sha256}
        onChange={(sha256) => setDownload({ sha256 })}
      />
      <TextField
        label="Save the root in"
        value={download.out}
        placeholder={`${info?.rootsDir ?? ''}/…`}
        onChange={(out) => setDownload({ out })}
      />
    </>
  );
}
