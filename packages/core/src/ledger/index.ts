export * from './posting';
export * from './assert-balanced';
export * from './reverse-postings';
export * from './usage-postings';
export * from './invoice-postings';
