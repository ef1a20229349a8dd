import type { Handler } from '../../shared/dispatcher';
import { exportReferences } from '../references/export';

export const referencesExport: Handler<'background', 'references.export'> = () => exportReferences();
