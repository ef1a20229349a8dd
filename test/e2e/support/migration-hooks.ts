// The test build's database hooks as the schema-migration tests see them inside the service worker: typed
// loosely on purpose (only types: the tests' evaluated code cannot import anything there).
export interface LooseTable {
  put(row: unknown): Promise<unknown>;
  get(key: unknown): Promise<Record<string, unknown> | undefined>;
  count(): Promise<number>;
}

export interface LooseDb {
  version(n: number): { stores(s: Record<string, string>): unknown };
  open(): Promise<unknown>;
  close(): void;
  delete(): Promise<void>;
  verno: number;
  table(name: string): LooseTable;
  tables: { name: string }[];
}

/** `globalThis` of the test build's service worker: a plain Dexie class and the extension's own. */
export interface MigrationGlobals {
  originlensTest: { Dexie: new (name: string) => LooseDb; OriginLensDb: new (name: string) => LooseDb };
}
