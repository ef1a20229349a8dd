// The engine host's note that the browser's storage was full (engine-host/quota.ts), until dismissed.
import { useState } from 'preact/hooks';
import { readStorageNote, STORAGE_NOTE_KEY, storageNoteText } from '../engine-host/quota';

export function StorageNote() {
  const [note, setNote] = useState(() => readStorageNote(localStorage));
  if (!note) return null;
  const dismiss = () => {
    localStorage.removeItem(STORAGE_NOTE_KEY);
    setNote(undefined);
  };
  return (
    <div class="banner problem" data-testid="storage-note">
      {storageNoteText(note)} <button onClick={dismiss}>Dismiss</button>
    </div>
  );
}
