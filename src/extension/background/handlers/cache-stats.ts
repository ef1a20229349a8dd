// The options page's cache line: how many verdicts and URL links the cache holds.
import { db } from '../../shared/db';
import type { Handler } from '../../shared/dispatcher';

export const cacheStats: Handler<'background', 'cache.stats'> = async () => ({ verdicts: await db().verdicts.count(), urls: await db().urls.count() });
