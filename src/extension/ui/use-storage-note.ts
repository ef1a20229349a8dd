// The engine host's note that the browser's storage was full (shared/quota.ts), as the popup and the
// options page show it: read once, and gone for every page when the person dismisses it.
import { useState } from 'preact/hooks';
import { readStorageNote, STORAGE_NOTE_KEY, type StorageNote } from '../shared/quota';

export function useStorageNote(): { note: StorageNote | undefined; dismiss(): void } {
  const [note, setNote] = useState(() => readStorageNote(localStorage));
  const dismiss = () => {
    localStorage.removeItem(STORAGE_NOTE_KEY);
    setNote(undefined);
  };
  return { note, dismiss };
}
