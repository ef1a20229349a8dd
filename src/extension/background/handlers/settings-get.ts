import type { Handler } from '../../shared/dispatcher';
import { currentSettings } from '../storage';

export const settingsGet: Handler<'background', 'settings.get'> = () => currentSettings();
