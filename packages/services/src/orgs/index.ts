export * from './organizations.service';
