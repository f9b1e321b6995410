/**
 * `meshtax agent` alone, as an entry point of its own: what the app image runs as the load-agent
 * pod (bundled into one file with the load loops, without the rest of the CLI).
 */
import { agentCommand } from './agent.js';
import { exitWith } from './exit.js';

exitWith(agentCommand(process.argv.slice(2)));
