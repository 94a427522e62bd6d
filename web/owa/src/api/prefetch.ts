// Requests the first screen needs, started as soon as the script runs (before React renders), so that the session,
// the folders and the first page of the list travel together instead of one after the other. Each result is taken
// once by the code that would otherwise have asked for it.
const pending = new Map<string, { promise: Promise<unknown>; at: number }>();

export function prefetch<T>(key: string, start: () => Promise<T>): Promise<T> {
  const p = start();
  // Nobody may ever take it (the user went elsewhere): its failure must not surface as unhandled.
  p.catch(() => undefined);
  pending.set(key, { promise: p, at: Date.now() });
  return p;
}

/**
 * The prefetched answer for this key, once; undefined when there is none or it is older than maxAgeMs (then ask the
 * API as usual).
 */
export function takePrefetched<T>(key: string, maxAgeMs = 30_000): Promise<T> | undefined {
  const entry = pending.get(key);
  pending.delete(key);
  return entry && Date.now() - entry.at <= maxAgeMs ? (entry.promise as Promise<T>) : undefined;
}
