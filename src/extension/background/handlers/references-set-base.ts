import type { Handler } from '../../shared/dispatcher';
import { setBase } from '../references/edit';

export const referencesSetBase: Handler<'background', 'references.setBase'> = ({ head }) => setBase(head);
