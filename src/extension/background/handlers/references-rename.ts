import type { Handler } from '../../shared/dispatcher';
import { renameClass } from '../references/edit';

export const referencesRename: Handler<'background', 'references.rename'> = ({ from, to }) => renameClass(from, to);
