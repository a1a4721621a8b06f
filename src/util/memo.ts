// The value cached under `key`, made by `make` on first use. Analysis caches answers per region,
// role or rule this way so that each is computed once per evaluation.

interface Cache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

export function getOrCreate<K, V>(cache: Cache<K, V>, key: K, make: () => NoInfer<V>): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}
