/** What a Map and a WeakMap have in common, for memos keyed by either. */
interface KeyedStore<Key, Value> {
  get(key: Key): Value | undefined;
  set(key: Key, value: Value): unknown;
}

/** The value kept under `key`, made by `make` and kept the first time it is asked for. */
export function keptOrMade<Key, Value>(store: KeyedStore<Key, Value>, key: Key, make: () => Value): Value {
  let value = store.get(key);
  if (value === undefined) {
    value = make();
    store.set(key, value);
  }
  return value;
}
