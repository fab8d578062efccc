import { describeStorageContract } from './contract-suite.ts';
import { MemoryStorage } from './memory.ts';

describeStorageContract('memory', async () => ({
  storage: new MemoryStorage(),
  cleanup: async () => undefined,
}));
