export * from './ledger.service';
