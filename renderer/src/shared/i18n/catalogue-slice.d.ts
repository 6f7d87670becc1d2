/**
 * Part of a catalogue, cut at build time (electron.vite.config.ts `catalogueSlices`). Its default
 * export is the messages, as a JSON module's is, so both load through one `CatalogueLoader`.
 */
declare module 'catalogue-slice:*' {
  const catalogue: Record<string, unknown>;
  export { catalogue as default };
}
