import type { Handler } from '../../shared/dispatcher';
import { removeExample } from '../references/edit';

export const referencesRemove: Handler<'background', 'references.remove'> = ({ hash }) => removeExample(hash);
