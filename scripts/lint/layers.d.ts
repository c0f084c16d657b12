/** Types of layers.js (plain JavaScript, because ESLint loads it without a TypeScript step). */
import type { Rule } from 'eslint';

export declare const LAYERS: readonly { readonly name: string; readonly prefix: string }[];
export declare function layerOf(rel: string): string | undefined;
export declare const layeringRule: Rule.RuleModule;
declare const plugin: { readonly rules: { readonly layering: Rule.RuleModule } };
export default plugin;
