// From extension pages only (the enrolment page, where the person typed the name): content scripts
// cannot reach it, so a page cannot inject class names.
import type { Handler } from '../../shared/dispatcher';
import { addReference } from '../references/add-reference';

export const referencesAdd: Handler<'background', 'references.add'> = ({ url, label }) => addReference(url, label);
