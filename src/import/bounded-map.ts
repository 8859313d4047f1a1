/**
 * A Map that forgets its oldest entries beyond `capacity`, so memory stays flat on any file. First in, first out:
 * reads do not reorder (cheap on the hot path); an evicted key is merely looked up again.
 */
export interface BoundedMap<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  readonly size: number;
}

export function createBoundedMap<K, V>(capacity: number): BoundedMap<K, V> {
  const map = new Map<K, V>();
  return {
    get: (key) => map.get(key),
    set(key, value) {
      map.set(key, value);
      if (map.size > capacity) {
        const oldest = map.keys().next();
        if (!oldest.done) map.delete(oldest.value);
      }
    },
    get size() {
      return map.size;
    },
  };
}
