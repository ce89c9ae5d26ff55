// Finds the project's Go sources for a root (resources/go/init, resources/go/installcommand).

import { resourcePath } from '../../package-files';

/** resources/go/<name>, wherever the package is installed. */
export const goResource = (name: 'init' | 'installcommand'): string => resourcePath('go', name);
