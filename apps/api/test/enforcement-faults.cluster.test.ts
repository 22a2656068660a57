import { enforcementSuite } from './support/enforcement-suite';

describe('enforcement under races and faults, on a 3-master Redis Cluster', () => enforcementSuite('cluster'));
