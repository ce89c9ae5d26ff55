// For tests: starts a process the way UAC does, with none of our pipes and only the environment given.

import { spawn } from 'node:child_process';
import type { Launch } from '../channel';
import { exitOf } from '../started-child';

export const launchApart: Launch = (file, args, env) => {
  const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], env, cwd: '/' });
  return { stderr: child.stderr, closed: exitOf(child) };
};
