// The ESLint side of scripts/import-rules.mjs: one local rule, `countersign/import-rules`, that
// checks every relative import, re-export, dynamic import() and require() of a file against the
// table and reports the table's reason. test/unit/repo/boundaries.test.ts runs the same
// function over the whole tree.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importProblem } from './import-rules.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const posix = (p) => p.split(sep).join('/');

const importRules = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the one table in scripts/import-rules.mjs.' },
    schema: [],
    messages: { refused: '{{reason}}.' },
  },
  create(context) {
    const file = posix(relative(root, context.filename));
    const check = (node, value) => {
      if (typeof value !== 'string' || !value.startsWith('.')) return;
      const target = posix(relative(root, resolve(dirname(context.filename), value)));
      const reason = importProblem(file, target);
      if (reason) context.report({ node, messageId: 'refused', data: { reason } });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        const [arg] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && arg?.type === 'Literal') {
          check(arg, arg.value);
        }
      },
    };
  },
};

export const countersignPlugin = { rules: { 'import-rules': importRules } };
