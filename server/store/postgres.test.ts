import { storeContract } from './contract.ts';
import { openTestPostgresStore } from './postgres-test-schema.ts';

storeContract('PostgresStore', openTestPostgresStore);
