/** Types for extractSpec.mjs (plain JavaScript so it runs with bare `node`). */
export declare const OPERATIONS: readonly (readonly [path: string, method: string])[];
export declare const REPO_ROOT: string;
export declare const DEFAULT_SPEC: string;
export declare const DEFAULT_OUT: string;
export declare function extractSubset(full: unknown): Record<string, unknown>;
export declare function serialiseSubset(subset: unknown): string;
