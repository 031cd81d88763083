import * as assert from 'node:assert/strict';
import { FLAGS, helpText, parseArgs } from '../../src/cli/parseArgs';

describe('command-line flags', () => {
  describe('transport choice', () => {
    const fromPipe = { stdinIsPipe: true };
    const fromTerminal = { stdinIsPipe: false };

    it('is sse for a person at a terminal', () => {
      assert.equal(parseArgs([], {}, fromTerminal).transport, 'sse');
    });
    it('is stdio when stdin is a pipe and nothing chose a transport', () => {
      assert.equal(parseArgs([], {}, fromPipe).transport, 'stdio');
    });
    it('keeps what MCP_TRANSPORT or --transport chose, pipe or not', () => {
      assert.equal(parseArgs([], { MCP_TRANSPORT: 'sse' }, fromPipe).transport, 'sse');
      assert.equal(parseArgs(['--transport', 'streamable-http'], {}, fromPipe).transport, 'streamable-http');
      assert.equal(parseArgs(['--transport', 'stdio'], {}, fromTerminal).transport, 'stdio');
    });
  });

  describe('--help', () => {
    const help = helpText('1.2.3').split('\n');
    // The flag table: from the "Flags" heading to the next blank line.
    const table = help.slice(help.findIndex((line) => line.startsWith('Flags')) + 1, help.indexOf('', help.findIndex((line) => line.startsWith('Flags'))));
    const flagRows = table.filter((line) => line.startsWith('  --'));

    it('lists every flag once', () => {
      assert.deepEqual(flagRows.map((row) => /^ {2}--([\w-]+)/.exec(row)![1]), Object.keys(FLAGS));
    });
    it('starts every description and continuation line in one column, two spaces past the longest flag', () => {
      const longestFlag = Math.max(...flagRows.map((row) => /^ {2}--\S+(?: [A-Z]+)?/.exec(row)![0].length));
      const column = longestFlag + 2;
      for (const line of table) {
        assert.equal(line.slice(column - 2, column), '  ', `glued: ${line}`);
        assert.notEqual(line[column], ' ', `misaligned: ${line}`);
      }
    });
    it('keeps every line within 100 columns', () => {
      assert.ok(help.every((line) => line.length <= 100), help.find((line) => line.length > 100));
    });
    it('says when stdio is the default', () => {
      assert.match(helpText('1.2.3').replace(/\s+/g, ' '), /Default: stdio when stdin is a pipe \(an MCP client started the program\), else sse/);
    });
  });
});
