import type { Handler } from '../../shared/dispatcher';
import { referenceState } from '../references/state';

export const referencesState: Handler<'background', 'references.state'> = () => referenceState();
