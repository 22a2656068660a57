import { enforcementSuite } from './support/enforcement-suite';

describe('enforcement under races and faults, on one Redis', () => enforcementSuite('single'));
