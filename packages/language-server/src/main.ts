// The `wbrules-language-server` command: `node wbrules-language-server.cjs --stdio`.
// The transport flag (`--stdio`, `--node-ipc`, `--socket=N`) is read by vscode-languageserver.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.js';

const transports = ['--stdio', '--node-ipc', '--socket=', '--pipe='];
if (!process.argv.some((arg) => transports.some((t) => arg.startsWith(t)))) {
  process.stderr.write('usage: wbrules-language-server --stdio\n');
  process.exitCode = 2;
} else {
  startServer(createConnection(ProposedFeatures.all));
}
