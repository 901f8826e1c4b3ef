// Types of scripts/gen-linux-helpers.mjs for the test that checks the committed table.
export declare const OUTPUT: string;
export declare const DEFAULT_HEADER: string;
export declare function helperRows(headerText: string): unknown[];
export declare function generate(headerText: string, headerName: string): string;
