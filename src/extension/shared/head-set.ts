// Verdicts may combine several heads (a detector or two beside an attribution head). The heads a verdict
// was made with are one key, in order, the first being the one the settings name: verdicts are cached and
// looked up under it like under a single head's id, which it is when there is one head.
const SEPARATOR = ' + ';

export const headSetKey = (ids: readonly string[]): string => ids.join(SEPARATOR);

export const headSetIds = (key: string): string[] => key.split(SEPARATOR);
