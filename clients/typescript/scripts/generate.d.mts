/** Every API's generated module: its file name under src/generated/ and its text. */
export function generate(): Promise<[name: string, text: string][]>;
