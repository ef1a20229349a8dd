// No encoder or head: said plainly, with the one step that fixes it.
export function NoModel({ reason, onOpen }: { reason: string; onOpen: () => void }) {
  return (
    <div class="banner missing" data-testid="no-model">
      <p>
        <strong>No model installed.</strong> {reason}
      </p>
      <button class="primary" onClick={onOpen}>
        Open the options to install a model
      </button>
    </div>
  );
}
