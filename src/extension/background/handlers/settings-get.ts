import type { Handler } from '../../dispatcher';
import { currentSettings } from '../storage';

export const settingsGet: Handler<'background', 'settings.get'> = () => currentSettings();
