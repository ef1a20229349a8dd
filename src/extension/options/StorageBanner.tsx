// The engine host's note that the browser's storage was full (shared/quota.ts), told in the options
// page too, with what the person can do about it: this is where the cache can be cleared and models removed.
import { storageNoteText } from '../shared/quota';
import { useStorageNote } from '../ui/use-storage-note';

export function StorageBanner() {
  const { note, dismiss } = useStorageNote();
  if (!note) return null;
  return (
    <div class="banner problem" data-testid="options-storage-note">
      <p>{storageNoteText(note)}</p>
      <p class="small">
        OriginLens makes room by itself: when the store is full, older cached verdicts and features are removed first. Your encoders, head
        packs and reference sets are never removed to make room. To free more, clear the cache (at the bottom of this page), remove an encoder
        you no longer use, or free disk space on this computer.
      </p>
      <button onClick={dismiss}>Dismiss</button>
    </div>
  );
}
