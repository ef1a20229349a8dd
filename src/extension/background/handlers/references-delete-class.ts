import type { Handler } from '../../dispatcher';
import { deleteClass } from '../references/edit';

export const referencesDeleteClass: Handler<'background', 'references.deleteClass'> = ({ label }) => deleteClass(label);
