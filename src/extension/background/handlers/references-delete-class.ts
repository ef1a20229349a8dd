import type { Handler } from '../../shared/dispatcher';
import { deleteClass } from '../references/edit';

export const referencesDeleteClass: Handler<'background', 'references.deleteClass'> = ({ label }) => deleteClass(label);
