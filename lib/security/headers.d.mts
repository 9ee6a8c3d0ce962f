export declare const BASE_SECURITY_HEADERS: Record<string, string>;
export declare const API_CSP: string;
export declare function pageCsp(nonce: string, options: { dev: boolean; https: boolean }): string;
