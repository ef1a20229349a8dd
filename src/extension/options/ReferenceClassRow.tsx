// One class of the reference set: its thumbnails (each removable), and rename (onto another class's
// name: merge) or delete.
import { useState } from 'preact/hooks';
import type { ReferenceClass } from '../shared/references/types';

export interface ClassActions {
  remove(hash: string): void;
  rename(from: string, to: string): void;
  deleteClass(label: string): void;
}

export function ReferenceClassRow({ entry, others, actions }: { entry: ReferenceClass; others: string[]; actions: ClassActions }) {
  const [name, setName] = useState(entry.label);
  const merging = others.includes(name.trim());
  return (
    <li class="reference-class" data-label={entry.label}>
      <div class="row">
        <strong class="grow">
          {entry.label === 'real' ? 'Real photos' : entry.label} ({entry.count})
        </strong>
        {entry.label !== 'real' && (
          <>
            <input value={name} maxLength={60} aria-label={`new name for ${entry.label}`} onInput={(e) => setName(e.currentTarget.value)} />
            <button disabled={name.trim() === '' || name.trim() === entry.label} onClick={() => actions.rename(entry.label, name)}>
              {merging ? `Merge into "${name.trim()}"` : 'Rename'}
            </button>
          </>
        )}
        <button onClick={() => actions.deleteClass(entry.label)}>Delete class</button>
      </div>
      <div class="thumbnails">
        {entry.examples.map((e) => (
          <figure key={e.hash} class="thumbnail" data-hash={e.hash}>
            <img src={e.thumbnail} alt="" width={64} height={64} />
            <button class="small" title="Remove this example" onClick={() => actions.remove(e.hash)}>
              ×
            </button>
          </figure>
        ))}
      </div>
    </li>
  );
}
