import type { Handler } from '../../dispatcher';
import { removeExample } from '../references/edit';

export const referencesRemove: Handler<'background', 'references.remove'> = ({ hash }) => removeExample(hash);
