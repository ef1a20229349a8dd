// Settings change only through here, checked field by field (settings.ts says what is acceptable).
import type { Handler } from '../../shared/dispatcher';
import { changeSettings } from '../storage';

export const settingsUpdate: Handler<'background', 'settings.update'> = (patch) => changeSettings(patch);
