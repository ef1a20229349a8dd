// No encoder or head: said plainly, with the one step that fixes it.
export function NoModel({ reason, onOpen }: { reason: string; onOpen: () => void }) {
  return (
    <div class="banner missing" data-testid="no-model">
      <p>
        <strong>No model installed.</strong> {reason}
      </p>
      <button class="primary" onClick={onOpen}>
        Install a detector in one step
      </button>
    </div>
  );
}
