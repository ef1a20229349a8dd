import type { Handler } from '../../shared/dispatcher';
import { importReferences } from '../references/import';

export const referencesImport: Handler<'background', 'references.import'> = ({ file, resolution }) => importReferences(file, resolution);
