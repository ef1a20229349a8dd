import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// The rooms of src/ and which way their imports may run (README, "Development"). Each folder gets one
// rule, no-restricted-paths, that names what it may not import; paths are resolved, so a wrong import is
// caught however its path is spelled.
const CONTEXTS = ['background', 'engine-host', 'content', 'popup', 'options', 'enrol', 'welcome', 'test-bridge'];
// The contexts that draw with the shared components of ui/.
const DRAWING = new Set(['content', 'popup', 'options', 'enrol', 'welcome']);
const HOSTS = ['./src/node', './src/cli', './src/extension'];
const JUDGING = 'src/extension/shared/judging.ts';

const boundary = (files, zones, ignores = []) => ({
  files,
  ignores,
  rules: { 'import-x/no-restricted-paths': ['error', { zones }] },
});

/** A context imports shared/, ui/ where it draws, and the engine; never another context. */
const contextRules = CONTEXTS.map((context) =>
  boundary(
    [`src/extension/${context}/**`],
    [
      {
        target: `./src/extension/${context}`,
        from: './src/extension',
        except: [`./${context}`, './shared', ...(DRAWING.has(context) ? ['./ui'] : [])],
        message: `a context imports only shared/${DRAWING.has(context) ? ', ui/' : ''} and the engine: move what both need into src/extension/shared/`,
      },
      { target: `./src/extension/${context}`, from: ['./src/node', './src/cli'], message: 'the extension does not import the command line' },
    ],
  ),
);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // The TypeScript settings of the plugin's own typescript config, with Node's resolution (the imports
      // are relative and extension-less), so that no-cycle reads the .ts files it walks through.
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      // No module reaches itself again through its imports (type-only imports, erased at build, excepted).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  ...contextRules,
  boundary(
    ['src/extension/shared/**'],
    [
      { target: './src/extension/shared', from: './src/extension', except: ['./shared'], message: 'shared/ imports no context and no ui/' },
      { target: './src/extension/shared', from: ['./src/node', './src/cli'], message: 'the extension does not import the command line' },
    ],
  ),
  boundary(
    ['src/extension/ui/**'],
    [
      { target: './src/extension/ui', from: './src/extension', except: ['./ui', './shared'], message: 'ui/ imports only shared/ and the engine' },
      { target: './src/extension/ui', from: ['./src/node', './src/cli'], message: 'the extension does not import the command line' },
    ],
  ),
  // The engine is the same in the browser and in Node: it imports none of its hosts, nor Node's built-ins.
  boundary(
    ['src/engine/**'],
    [{ target: './src/engine', from: HOSTS, message: 'the engine imports none of its hosts' }],
    ['src/engine/**/*.test.ts', 'src/engine/test-support/**'],
  ),
  {
    files: ['src/engine/**'],
    ignores: ['src/engine/**/*.test.ts', 'src/engine/test-support/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['node:*'], message: 'the engine runs in the browser too: no Node built-ins' }] }] },
  },
  // The engine's tests run in Node and may use the Node host's codecs, never the extension or the command line.
  boundary(
    ['src/engine/**/*.test.ts', 'src/engine/test-support/**'],
    [{ target: './src/engine', from: ['./src/cli', './src/extension'], message: 'engine tests use the engine and Node, not the extension or the command line' }],
  ),
  boundary(
    ['src/node/**'],
    [{ target: './src/node', from: ['./src/cli', './src/extension'], message: 'src/node sits below the command line and beside the extension' }],
  ),
  boundary(['src/cli/**'], [{ target: './src/cli', from: './src/extension', message: 'the command line does not import the extension' }]),
  // The extension decides a verdict in one place, shared/judging.ts, where its inputs change; every other
  // module shows verdicts as they are stored. Types may be imported; the deciding functions may not.
  {
    files: ['src/extension/**/*.{ts,tsx}'],
    ignores: [JUDGING],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)engine/verdict/(verdict|decide)$', allowTypeImports: true, message: `the extension decides verdicts only in ${JUDGING}: call judge or judgeAgain there, where the inputs change` }] },
      ],
    },
  },
);
