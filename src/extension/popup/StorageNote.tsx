// The engine host's note that the browser's storage was full (shared/quota.ts), until dismissed.
import { storageNoteText } from '../shared/quota';
import { useStorageNote } from '../ui/use-storage-note';

export function StorageNote() {
  const { note, dismiss } = useStorageNote();
  if (!note) return null;
  return (
    <div class="banner problem" data-testid="storage-note">
      {storageNoteText(note)} <button onClick={dismiss}>Dismiss</button>
    </div>
  );
}
