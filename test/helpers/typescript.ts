/** The compiler options the tests use to typecheck generated TypeScript: as strict as users' projects get. */
import ts from 'typescript';

export const STRICT_COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts'],
  types: [],
  skipLibCheck: true,
  noEmit: true,
};
