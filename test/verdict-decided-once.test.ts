// The extension decides a verdict in one place (src/extension/shared/judging.ts), where its inputs change;
// every surface shows the stored form (test/e2e/pages.test.ts checks that in Chromium). This test holds the
// wall that keeps it so: a module of the extension other than judging.ts that imports the engine's deciding
// functions fails the lint, and the popup has no message left that sends records back to be judged.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const RULE = '@typescript-eslint/no-restricted-imports';
const WRONG = "import { redecide } from '../../engine/verdict/verdict';\nimport { decideVerdict } from '../../engine/verdict/decide';\nexport const again = [redecide, decideVerdict];\n";

async function errorsOf(file: string, source: string): Promise<string[]> {
  const [result] = await new ESLint().lintText(source, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

test('a surface or context that imports the deciding functions fails the lint', async () => {
  for (const file of ['src/extension/popup/decide-here.ts', 'src/extension/background/decide-here.ts', 'src/extension/content/decide-here.ts', 'src/extension/ui/decide-here.tsx']) {
    const errors = await errorsOf(file, WRONG);
    assert.equal(errors.length, 2, `${file}: ${errors.join('; ')}`);
    assert.match(errors[0]!, /decides verdicts only in src\/extension\/shared\/judging\.ts/);
  }
});

test('types may be imported anywhere, and judging.ts may decide', async () => {
  assert.deepEqual(await errorsOf('src/extension/popup/types-here.ts', "import type { Scored } from '../../engine/verdict/verdict';\nexport type S = Scored;\n"), []);
  assert.deepEqual(await errorsOf('src/extension/shared/judging.ts', readFileSync('src/extension/shared/judging.ts', 'utf8')), []);
});

test('no message sends verdict records to the background to be judged again', () => {
  const protocol = readFileSync('src/extension/shared/protocol.ts', 'utf8');
  // A background message whose arguments carry records is a second place deciding them.
  assert.doesNotMatch(protocol, /'[\w.]+': Def<\{[^}]*records: VerdictRecord\[\]/);
});
