// `node --import ./test/helpers/record-loads.mjs …` appends every module URL the process resolves
// to the file named by VETTED_LOAD_LOG: how a test sees what a command loads.
import { register } from 'node:module';

register('./load-recorder-hooks.mjs', import.meta.url);
