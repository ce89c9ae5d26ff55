// The wizard's per-architecture compile check state follows the build's progress steps.
import { describe, expect, it } from 'vitest';
import { nextCompileState } from './root-slice';

describe('compile check progress in the wizard', () => {
  it('marks the architecture being checked, and the earlier ones checked once the next step starts', () => {
    let state = nextCompileState({}, 'fetching sources');
    expect(state).toEqual({});
    state = nextCompileState(state, 'compile check for amd64: 117 commands');
    expect(state).toEqual({ amd64: 'checking' });
    state = nextCompileState(state, 'compile check for arm64: 117 commands');
    expect(state).toEqual({ amd64: 'checked', arm64: 'checking' });
    state = nextCompileState(state, 'copying GOROOT into /go');
    expect(state).toEqual({ amd64: 'checked', arm64: 'checked' });
  });
});
