// Bounds on the shape of an untrusted payload, checked without recursion before any schema sees it.

export interface ShapeLimits {
  /** Nesting of arrays and objects. */
  maxDepth: number;
  /** Items in one array (targets, sources, drives, archs). */
  maxArrayLength: number;
  /** Keys in one object. */
  maxKeys: number;
  /** Arrays, objects and values in the whole payload. */
  maxNodes: number;
}

/** Generous for every request in the contract (the largest real one is a few dozen values). */
export const bridgeShapeLimits: ShapeLimits = {
  maxDepth: 16,
  maxArrayLength: 256,
  maxKeys: 64,
  maxNodes: 10_000,
};

/**
 * Why `value` is out of bounds, or undefined when it is within them. Iterative, so a payload nested
 * ten thousand deep cannot overflow the stack here (or later, in the schema, which it never reaches).
 */
export function shapeProblem(value: unknown, limits: ShapeLimits = bridgeShapeLimits): string | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const next = stack.pop();
    if (!next) break;
    if (++nodes > limits.maxNodes) return `more than ${limits.maxNodes} values`;
    const current = next.value;
    if (current === null || typeof current !== 'object') continue;
    if (next.depth >= limits.maxDepth) return `nested deeper than ${limits.maxDepth}`;
    const children = Array.isArray(current) ? (current as unknown[]) : Object.values(current);
    if (Array.isArray(current) && current.length > limits.maxArrayLength)
      return `a list of ${current.length} items (at most ${limits.maxArrayLength})`;
    if (!Array.isArray(current) && children.length > limits.maxKeys)
      return `an object with ${children.length} keys (at most ${limits.maxKeys})`;
    for (const child of children) stack.push({ value: child, depth: next.depth + 1 });
  }
  return undefined;
}
