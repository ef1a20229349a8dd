// Empties the verdict cache (verdicts and URL links); models and heads stay.
import { clearCache } from '../../shared/db';
import type { Handler } from '../../shared/dispatcher';

export const cacheClear: Handler<'background', 'cache.clear'> = () => clearCache();
