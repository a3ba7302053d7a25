import { openDatabase } from '../../../server/db/database.ts';
import { benchSize } from '../generate.ts';
import { seedBench } from '../seed.ts';
const [dir, runs] = [process.argv[2]!, Number(process.argv[3])];
const database = await openDatabase({ url: null, dataDir: dir });
await database.migrate();
await seedBench(database.db, { ...benchSize, runs });
await database.close();
