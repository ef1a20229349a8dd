import type { Handler } from '../../dispatcher';
import { exportReferences } from '../references/export';

export const referencesExport: Handler<'background', 'references.export'> = () => exportReferences();
