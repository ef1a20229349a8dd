import type { Handler } from '../../dispatcher';
import { setBase } from '../references/edit';

export const referencesSetBase: Handler<'background', 'references.setBase'> = ({ head }) => setBase(head);
