// How many images the encoder runs at once (engine-host/encode-batcher.ts), which the background also needs
// to keep enough jobs in flight to fill a batch (background/pump.ts).
export const MAX_BATCH = 8;
