// Types for scripts/import-rules.mjs (plain JavaScript, so ESLint's config can load it).
export declare const CORE_ROOMS: Readonly<Record<string, readonly string[]>>;
export declare const AREAS: ReadonlyArray<{ area: string; files: RegExp; may: readonly string[] }>;
export declare function areaOf(path: string): string | null;
export declare function coreRoomOf(path: string): string | null;
export declare function importProblem(from: string, to: string): string | null;
