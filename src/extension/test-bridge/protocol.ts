// What the Firefox tests send the test bridge (main.ts) by postMessage, and its replies.
export interface BridgeRequest {
  id: number;
  op: 'hook';
  object: string;
  method: string;
  args: unknown[];
}

export type BridgeReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; error: string });
