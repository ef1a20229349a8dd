// The line an action leaves on the options page: what happened, green when it went well, red when not.
export interface Status {
  ok: boolean;
  text: string;
}

export function StatusBanner({ status, testid, small = false }: { status: Status | undefined; testid: string; small?: boolean }) {
  if (!status) return null;
  return (
    <div class={`${small ? 'small ' : ''}banner ${status.ok ? 'ok' : 'problem'}`} data-testid={testid}>
      {status.text}
    </div>
  );
}
