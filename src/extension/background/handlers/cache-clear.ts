// Empties the verdict cache (verdicts and URL links); models and heads stay.
import { clearCache } from '../../db';
import type { Handler } from '../../dispatcher';

export const cacheClear: Handler<'background', 'cache.clear'> = () => clearCache();
